import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';

describe("the console's API types", () => {
  it('are generated from the current OpenAPI (npm run api:types)', async () => {
    const generated = await generateApiTypes();
    // Not toBe on 12k lines: a short message that says what to run.
    const current = readFileSync(API_TYPES_FILE, 'utf8');
    expect(current === generated, 'web/src/api/schema.d.ts is out of date: run npm run api:types').toBe(true);
  });
});
