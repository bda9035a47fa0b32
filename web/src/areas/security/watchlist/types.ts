import type { paths } from '../../../api/schema';

export type WatchlistEntry =
  paths['/api/v1/identity/watchlist']['get']['responses'][200]['content']['application/json'][number];

type AddBody = paths['/api/v1/identity/watchlist']['post']['requestBody']['content']['application/json'];
export type DocumentType = Extract<AddBody, { kind: 'document' }>['documentType'];

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'resident-id',
  'hkmo-residence',
  'tw-residence',
  'hkmo-permit',
  'tw-permit',
  'foreign-permanent-resident',
  'passport',
  'military-id',
  'uscc',
];
