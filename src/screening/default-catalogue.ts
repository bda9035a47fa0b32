// The catalogue bundled with this release; security officers publish later versions through the API.
import data from './catalogue.json' with { type: 'json' };
import { parseCatalogue } from './catalogue.js';
import type { Catalogue } from './catalogue.js';

/** Parses and returns the catalogue version bundled with the code. */
export function loadDefaultCatalogue(): Catalogue {
  return parseCatalogue(data);
}
