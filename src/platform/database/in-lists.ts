/**
 * Distinct values in lists of at most 500, for `where … in (…)`: bound parameters stay far below either
 * database's limit (SQLite's 32,766; PostgreSQL's 65,535).
 */
export function inLists(values: Iterable<string>, size = 500): string[][] {
  const distinct = [...new Set(values)];
  const lists: string[][] = [];
  for (let start = 0; start < distinct.length; start += size) lists.push(distinct.slice(start, start + size));
  return lists;
}
