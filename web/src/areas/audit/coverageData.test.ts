import { describe, expect, it } from 'vitest';
import {
  coverageCsv as serverCsv,
  emptyCounts,
  foldRows,
  ratiosOf as serverRatios,
  totalsOf,
} from '../../../../src/reports/coverage';
import { addDays, coverageCsv, dailyLines, gapsCsv, percent, type CoverageReport } from './coverageData';

describe('coverage data', () => {
  const rows = foldRows(
    20_000,
    20_001,
    [
      {
        siteId: 'a',
        day: 20_000,
        counts: { presented: 4, enteredNetwork: 4, realNameGaps: 1, dispatched: 2, xrayBeforeDispatch: 1 },
      },
      {
        siteId: 'b',
        day: 20_000,
        counts: {
          presented: 6,
          enteredNetwork: 5,
          inspectionGaps: 2,
          hubUnknownParcel: 1,
          refusedByReason: { contents: 1 },
          refused: 1,
        },
      },
      { siteId: 'b', day: 20_001, counts: { presented: 1, enteredNetwork: 1 } },
    ],
    [],
  );
  const report: CoverageReport = {
    from: rows[0]!.day,
    to: rows.at(-1)!.day,
    siteId: null,
    rows,
    totals: totalsOf(rows),
    gaps: [],
    gapsTruncated: false,
  };

  it('sums the sites of each day and recomputes the ratios as the server does', () => {
    const lines = dailyLines(rows);
    expect(lines.map((l) => l.day)).toEqual(['2024-10-04', '2024-10-05']);
    const day0 = totalsOf(rows.filter((row) => row.day === '2024-10-04'));
    expect(lines[0]!.ratios).toEqual(serverRatios(day0));
    expect(lines[0]!.missing).toEqual({ realName: 2, inspection: 3, xrayBeforeDispatch: 1 });
    expect(lines[1]!.ratios.xrayBeforeDispatch).toBeNull();
    expect(serverRatios(emptyCounts()).realName).toBeNull();
  });

  it('writes the CLI’s CSV columns, with site codes', () => {
    const csv = coverageCsv(report, (id) => id.toUpperCase());
    const strip = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) =>
          l
            .split(',')
            .filter((_, i) => i !== 1)
            .join(','),
        );
    expect(strip(csv)).toEqual(serverCsv(report).trim().split('\n'));
    expect(csv.split('\n')[1]!.slice(0, 15)).toBe('a,A,2024-10-04,');
  });

  it('writes gaps and keeps spreadsheet formulas out', () => {
    const csv = gapsCsv(
      [
        {
          waybillNo: '=SUM(A1)',
          siteId: 's',
          day: '2024-10-04',
          gates: ['real-name', 'inspection'],
          source: 'scan',
          state: null,
          scanOutcome: 'unknown-parcel',
        },
      ],
      () => 'S,1',
    );
    expect(csv.split('\n')[1]).toBe(`2024-10-04,s,"S,1",'=SUM(A1),scan,real-name;inspection,,unknown-parcel`);
  });

  it('formats and counts days', () => {
    expect(percent(0.98765)).toBe(98.8);
    expect(percent(null)).toBeNull();
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
