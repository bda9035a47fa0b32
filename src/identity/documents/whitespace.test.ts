import { describe, expect, it } from 'vitest';
import { isTrimmableCodeUnit } from './whitespace.js';

describe('isTrimmableCodeUnit', () => {
  it('agrees with String.prototype.trim on every UTF-16 code unit', () => {
    const disagreements: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isTrimmableCodeUnit(code) !== (String.fromCharCode(code).trim() === '')) disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });
});
