// The figures folded from rows, counted by hand here.
import { describe, expect, it } from 'vitest';
import { chinaMonth } from '../../platform/clock.js';
import { caseFigures, durationStats } from './figures.js';

const MIN = 60_000;
// 2026-11-30 23:00 in Beijing is 15:00 UTC: still November there, the last hour of the month.
const novLate = Date.UTC(2026, 10, 30, 15, 0);
const decEarly = Date.UTC(2026, 10, 30, 16, 30); // 2026-12-01 00:30 in Beijing

describe('case figures', () => {
  it('buckets by the China calendar month', () => {
    expect(chinaMonth(novLate)).toBe('2026-11');
    expect(chinaMonth(decEarly)).toBe('2026-12');
  });

  it('counts the funnel, durations, outcomes, authorities and recognition', () => {
    const figures = caseFigures(
      [
        { siteId: 'a', createdAt: novLate },
        { siteId: 'a', createdAt: novLate },
        { siteId: 'a', createdAt: decEarly },
        { siteId: 'b', createdAt: decEarly },
      ],
      [
        {
          id: 'c1',
          siteId: 'a',
          openedAt: novLate,
          category: 'spy-equipment',
          outcome: 'confirmed',
          firstClueAt: novLate,
          heldAt: novLate + 4 * MIN,
        },
        {
          id: 'c2',
          siteId: 'a',
          openedAt: decEarly,
          category: 'firearms',
          outcome: 'false-alarm',
          firstClueAt: decEarly,
          heldAt: null,
        },
        {
          id: 'c3',
          siteId: 'b',
          openedAt: decEarly,
          category: 'spy-equipment',
          outcome: null,
          firstClueAt: decEarly,
          heldAt: decEarly + 30 * MIN,
        },
      ],
      [
        {
          caseId: 'c1',
          siteId: 'a',
          authority: 'national-security',
          status: 'acknowledged',
          submittedAt: decEarly,
          creditedTo: 'p1',
        },
        {
          caseId: 'c1',
          siteId: 'a',
          authority: 'public-security',
          status: 'submitted',
          submittedAt: decEarly + 60 * MIN,
          creditedTo: 'p1',
        },
        {
          caseId: 'c3',
          siteId: 'b',
          authority: 'national-security',
          status: 'draft',
          submittedAt: null,
          creditedTo: 'p2',
        },
      ],
    );
    expect(figures.funnel).toEqual([
      { siteId: 'a', month: '2026-11', clues: 2, cases: 1, reports: 0 },
      { siteId: 'a', month: '2026-12', clues: 1, cases: 1, reports: 2 },
      { siteId: 'b', month: '2026-12', clues: 1, cases: 1, reports: 0 },
    ]);
    expect(figures.clueToHold).toEqual({ count: 2, medianMinutes: 4, p90Minutes: 30, maxMinutes: 30 });
    // c1's first report: 90 minutes after its clue; the second authority does not count again.
    expect(figures.clueToReport).toEqual({ count: 1, medianMinutes: 90, p90Minutes: 90, maxMinutes: 90 });
    expect(figures.outcomesByCategory).toEqual([
      { category: 'firearms', outcome: 'false-alarm', count: 1 },
      { category: 'spy-equipment', outcome: 'confirmed', count: 1 },
      { category: 'spy-equipment', outcome: 'undecided', count: 1 },
    ]);
    expect(figures.reportsByAuthority).toEqual([
      { authority: 'national-security', status: 'acknowledged', count: 1 },
      { authority: 'national-security', status: 'draft', count: 1 },
      { authority: 'public-security', status: 'submitted', count: 1 },
    ]);
    expect(figures.recognition).toEqual({
      sites: [{ siteId: 'a', reports: 2 }],
      people: [{ staffId: 'p1', reports: 2 }],
    });
  });

  it('takes nearest-rank percentiles in whole minutes', () => {
    expect(durationStats([])).toEqual({ count: 0, medianMinutes: null, p90Minutes: null, maxMinutes: null });
    const ten = Array.from({ length: 10 }, (_, index) => (index + 1) * MIN + 59_000);
    expect(durationStats(ten)).toEqual({ count: 10, medianMinutes: 5, p90Minutes: 9, maxMinutes: 10 });
  });
});
