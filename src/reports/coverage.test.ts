import { describe, expect, it } from 'vitest';
import {
  coverageCsv,
  emptyCounts,
  foldRows,
  parcelGaps,
  ratiosOf,
  refusalKey,
  totalsOf,
  type ParcelGateFacts,
} from './coverage.js';
import { chinaDayOf, dateToDay, dayRangeMs, dayToDate } from '../platform/clock.js';

const base: ParcelGateFacts = {
  state: 'accepted',
  decision: 'inspect',
  gateDecision: 'pass',
  gateReason: null,
  inspectionOutcome: 'consistent',
  screenedAt: null,
  dispatchedAt: null,
};

describe('coverage rules (pure)', () => {
  it('names the gates a parcel missed', () => {
    expect(parcelGaps(base)).toEqual([]);
    expect(parcelGaps({ ...base, inspectionOutcome: null })).toEqual(['inspection']);
    expect(parcelGaps({ ...base, gateDecision: 'refuse' })).toEqual(['real-name']);
    expect(parcelGaps({ ...base, state: 'dispatched', dispatchedAt: 10 })).toEqual(['x-ray']);
    expect(parcelGaps({ ...base, state: 'dispatched', dispatchedAt: 10, screenedAt: 11 })).toEqual(['x-ray']);
    expect(parcelGaps({ ...base, state: 'dispatched', dispatchedAt: 10, screenedAt: 10 })).toEqual([]);
    // Refused, awaiting inspection, held before acceptance: not in the network, so no gap of its own.
    expect(
      parcelGaps({ ...base, state: 'refused', gateDecision: 'refuse', inspectionOutcome: null }),
    ).toEqual([]);
    expect(parcelGaps({ ...base, state: 'awaiting-inspection', inspectionOutcome: null })).toEqual([]);
    expect(parcelGaps({ ...base, state: 'held', inspectionOutcome: null })).toEqual([]);
    // Held after acceptance: still in the network, judged by its gates.
    expect(parcelGaps({ ...base, state: 'held', gateDecision: 'refuse' })).toEqual(['real-name']);
  });

  it('says why a parcel was refused', () => {
    expect(refusalKey(base)).toBeNull();
    expect(
      refusalKey({ ...base, gateDecision: 'refuse', gateReason: 'no-document', decision: 'refuse' }),
    ).toBe('identity:no-document');
    expect(refusalKey({ ...base, decision: 'refuse', inspectionOutcome: null })).toBe('contents');
    expect(refusalKey({ ...base, inspectionOutcome: 'refused-by-sender' })).toBe(
      'inspection:refused-by-sender',
    );
  });

  it('counts days in China Standard Time', () => {
    const day = dateToDay('2026-11-28');
    expect(dayToDate(day)).toBe('2026-11-28');
    const { start, end } = dayRangeMs(day, day);
    expect(new Date(start).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(end - start).toBe(86_400_000);
    expect(chinaDayOf(start)).toBe(day);
    expect(chinaDayOf(start - 1)).toBe(day - 1);
    expect(chinaDayOf(end - 1)).toBe(day);
  });

  it('folds rows with zeros for quiet days, totals and ratios, and writes CSV', () => {
    const day = dateToDay('2026-11-28');
    const rows = foldRows(
      day,
      day + 1,
      [
        {
          siteId: 'b',
          day,
          counts: { presented: 2, enteredNetwork: 2, dispatched: 1, xrayBeforeDispatch: 1 },
        },
        { siteId: 'b', day, counts: { presented: 1, refused: 1, refusedByReason: { contents: 1 } } },
        { siteId: 'a', day: day + 1, counts: { holds: 1 } },
        { siteId: 'a', day: day + 5, counts: { holds: 1 } },
      ],
      [],
    );
    expect(rows.map((row) => `${row.day} ${row.siteId}`)).toEqual([
      '2026-11-28 a',
      '2026-11-28 b',
      '2026-11-29 a',
      '2026-11-29 b',
    ]);
    expect(rows[1]).toMatchObject({ presented: 3, refused: 1, refusedByReason: { contents: 1 } });
    expect(rows[1]!.ratios).toMatchObject({ realName: 1, xrayBeforeDispatch: 1, refusal: 1 / 3 });
    expect(ratiosOf(emptyCounts())).toEqual({
      realName: null,
      inspection: null,
      xrayBeforeDispatch: null,
      acceptance: null,
      refusal: null,
    });
    const totals = totalsOf(rows);
    expect(totals).toMatchObject({ presented: 3, holds: 1 });
    const csv = coverageCsv({ from: '', to: '', siteId: null, rows, totals, gaps: [], gapsTruncated: false });
    const [header, first] = csv.split('\n');
    expect(header).toContain('refused:contents');
    expect(first!.startsWith('a,2026-11-28,0,')).toBe(true);
  });
});
