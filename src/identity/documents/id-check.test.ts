import { describe, expect, it } from 'vitest';
import { checkIdLine } from './id-check.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');

describe('checkIdLine', () => {
  it('returns null for blank lines, which the caller skips', () => {
    expect(checkIdLine('')).toBeNull();
    expect(checkIdLine('  \t\r')).toBeNull();
  });

  it('checks a well-formed line and carries the facts, in the contract key order', () => {
    const result = checkIdLine('{"type":"resident-id","number":"11010519491231002x"}', TODAY);
    expect(result).toEqual({
      valid: true,
      reason: null,
      message: 'The document number is valid.',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      region: { code: '110105', province: '11' },
    });
    expect(Object.keys(result ?? {}).slice(0, 4)).toEqual(['valid', 'reason', 'message', 'normalized']);
  });

  it('passes nationality and mrz through', () => {
    expect(checkIdLine('{"type":"passport","number":"E98765432","nationality":"CHN"}')).toMatchObject({
      valid: true,
      nationality: 'CHN',
    });
    const mrz = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'.replace('UTO7408122', 'FRA7408123');
    expect(
      checkIdLine(JSON.stringify({ type: 'passport', number: 'L898902C3', nationality: 'FRA', mrz })),
    ).toMatchObject({ valid: false, reason: 'bad-mrz-checksum' });
  });

  it('treats null optional fields as absent', () => {
    expect(
      checkIdLine('{"type":"passport","number":"X1234567","nationality":null,"mrz":null}'),
    ).toMatchObject({
      reason: 'nationality-required',
    });
  });

  it('uses the given today', () => {
    const line = '{"type":"resident-id","number":"110105202506020011"}';
    expect(checkIdLine(line, TODAY)).toMatchObject({ reason: 'future-date' });
  });

  it('answers unknown-type for an unknown type', () => {
    expect(checkIdLine('{"type":"driving-licence","number":"123"}')).toMatchObject({
      valid: false,
      reason: 'unknown-type',
      normalized: null,
    });
  });

  it.each([
    ['not json', 'The line is not valid JSON.'],
    ['{"type":"resident-id",', 'The line is not valid JSON.'],
    ['[]', 'The line must be a JSON object with "type" and "number".'],
    ['null', 'The line must be a JSON object with "type" and "number".'],
    ['42', 'The line must be a JSON object with "type" and "number".'],
    ['"resident-id"', 'The line must be a JSON object with "type" and "number".'],
    ['{"number":"11010519491231002X"}', 'Field "type" is missing.'],
    ['{"type":7,"number":"11010519491231002X"}', 'Field "type" must be a string.'],
    ['{"type":"resident-id"}', 'Field "number" is missing.'],
    ['{"type":"resident-id","number":11010519491231002}', 'Field "number" must be a string.'],
    ['{"type":"passport","number":"X1234567","nationality":250}', 'Field "nationality" must be a string.'],
    [
      '{"type":"passport","number":"X1234567","nationality":"FRA","mrz":["a"]}',
      'Field "mrz" must be a string.',
    ],
  ])('answers bad-input for %s', (line, message) => {
    expect(checkIdLine(line)).toEqual({ valid: false, reason: 'bad-input', message, normalized: null });
  });

  it('never throws, whatever the line', () => {
    const lines = [
      '{',
      '}',
      '{"type":{}}',
      '{"__proto__":{"type":"uscc"}}',
      '\u0000',
      '{"type":"uscc","number":"' + 'A'.repeat(10_000) + '"}',
    ];
    for (const line of lines) expect(() => checkIdLine(line)).not.toThrow();
  });
});
