import type { paths } from '../../../api/schema';

export type Clue =
  paths['/api/v1/identity/clues']['get']['responses'][200]['content']['application/json'][number];
export type Site = paths['/api/v1/sites']['get']['responses'][200]['content']['application/json'][number];

/** The kinds of clue the capabilities raise today (others are shown by their code). */
export const CLUE_KINDS = [
  'watchlist-hit',
  'repeated-refusals',
  'prohibited-found',
  'prohibited-found-at-hub',
  'unregistered-parcel-at-hub',
  'refused-parcel-at-hub',
  'unmarked-parcel-at-hub',
] as const;

export const SEVERITY_TONE = { low: 'neutral', medium: 'warn', high: 'bad' } as const;

/** The waybill a clue is about, when it names one (in its details or its references). */
export function waybillOf(clue: Clue): string | null {
  const inDetails = clue.details.waybillNo;
  if (typeof inDetails === 'string' && inDetails !== '') return inDetails;
  return clue.refs.find((ref) => ref.type === 'parcel')?.id ?? null;
}
