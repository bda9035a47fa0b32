import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate-document.js';

function check(number: string) {
  return validateDocument({ type: 'military-id', number });
}

describe('military-id', () => {
  it.each([
    '南字第20161234号',
    '军字123456',
    '武字第123456789012号',
    '海字第123456',
    '武123456',
    '参字第0012345号',
  ])('accepts the legacy card number %s as it is', (number) => {
    expect(check(number)).toMatchObject({ valid: true, normalized: number });
  });

  it.each([
    ['12345678', '12345678'],
    ['JZ1234567', 'JZ1234567'],
    ['jz1234567', 'JZ1234567'],
    [' A12345 ', 'A12345'],
  ])('accepts the plain serial %s as %s', (number, normalized) => {
    expect(check(number)).toMatchObject({ valid: true, normalized });
  });

  it.each([
    '军字第12345号',
    '军字第1234567890123号',
    '军字第',
    '第一军团司令部字第123456号',
    'ABCDEFG',
    '12345',
    '1234567890123',
    'AB 123456',
    'AB-123456',
    '军字第123456号码',
    '军字第１２３４５６号',
  ])('rejects %s', (number) => {
    expect(check(number).reason).toBe('bad-pattern');
  });

  it('reports an empty number', () => {
    expect(check(' ').reason).toBe('empty');
  });
});
