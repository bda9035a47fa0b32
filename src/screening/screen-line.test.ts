import { describe, expect, it } from 'vitest';
import { loadDefaultCatalogue } from './default-catalogue.js';
import { createScreener } from './screener.js';
import { screenLine } from './screen-line.js';

const screener = createScreener(loadDefaultCatalogue());

describe('screenLine', () => {
  it('answers a well-formed line with the screening result and nothing else', () => {
    const output = screenLine(screener, '{"description":"手枪 一把","route":"domestic","id":"x1"}');
    expect(output).toEqual({
      verdict: 'prohibited',
      category: 'firearms',
      matches: [{ term: '手枪', category: 'firearms', start: 0, end: 2 }],
      reasons: expect.any(Array) as string[],
      catalogueVersion: screener.catalogue.version,
    });
    expect(Object.keys(output ?? {})).toEqual([
      'verdict',
      'category',
      'matches',
      'reasons',
      'catalogueVersion',
    ]);
  });

  it('defaults the route to domestic and honours the one given', () => {
    expect(screenLine(screener, '{"description":"蔬菜种子"}')).toMatchObject({ verdict: 'clear' });
    expect(screenLine(screener, '{"description":"蔬菜种子","route":"inbound"}')).toMatchObject({
      verdict: 'prohibited',
    });
  });

  it('uses the quantity and unit fields', () => {
    expect(screenLine(screener, '{"description":"香烟","quantity":3,"unit":"条"}')).toMatchObject({
      verdict: 'prohibited',
    });
    expect(screenLine(screener, '{"description":"香烟","quantity":1,"unit":"条"}')).toMatchObject({
      verdict: 'restricted',
    });
  });

  it('skips blank lines', () => {
    expect(screenLine(screener, '')).toBeNull();
    expect(screenLine(screener, '   \t')).toBeNull();
  });

  it.each([
    ['not JSON', '{"description": ', /^line: not valid JSON/],
    ['not an object', '["手枪"]', /^line: expected a JSON object/],
    ['a missing description', '{"route":"domestic"}', /^description: expected a string/],
    ['a non-string description', '{"description":42}', /^description: expected a string/],
    [
      'an unknown route',
      '{"description":"手枪","route":"moon"}',
      /^route: expected one of domestic\|inbound\|outbound/,
    ],
    [
      'a negative quantity',
      '{"description":"香烟","quantity":-1}',
      /^quantity: expected a non-negative number/,
    ],
    ['a non-string unit', '{"description":"香烟","quantity":1,"unit":5}', /^unit: expected a string/],
  ])('answers %s with an error naming the field', (_case, line, message) => {
    const output = screenLine(screener, line);
    expect(output).toEqual({ error: expect.stringMatching(message) as string });
  });
});
