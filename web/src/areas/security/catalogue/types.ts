// The catalogue documents as the API returns them: generated from the route schemas (web/src/api/schema.d.ts,
// `npm run api:types`), so they follow the server's Catalogue and CatalogueDiff. Only the console's own
// constants are written here.
import type { paths } from '../../../api/schema';

export type CatalogueVersionSummary =
  paths['/api/v1/catalogue/versions']['get']['responses'][200]['content']['application/json'][number];
export type Catalogue =
  paths['/api/v1/catalogue/versions/{version}']['get']['responses'][200]['content']['application/json'];
export type CatalogueDiff =
  paths['/api/v1/catalogue/diff']['get']['responses'][200]['content']['application/json'];

export type Category = Catalogue['categories'][number];
export type QuantityLimit = Category['limits'][number];
export type DictionaryGroup = Catalogue['dictionary'][number];
export type Combination = Catalogue['combinations'][number];
export type CategoryChange = CatalogueDiff['changedCategories'][number];
export type Route = keyof Category['verdicts'];
export type Verdict = Category['verdicts'][Route];

export const ROUTES: readonly Route[] = ['domestic', 'inbound', 'outbound'];
export const VERDICT_TONE = { prohibited: 'bad', restricted: 'warn', watch: 'info', clear: 'ok' } as const;
