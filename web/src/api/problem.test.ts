import { describe, expect, it } from 'vitest';
import { fieldErrors, pointerToNamePath } from './problem';

describe('problem+json fields → form fields', () => {
  it('turns JSON pointers into name paths, array indexes as numbers', () => {
    expect(pointerToNamePath('/sender/documentNo')).toEqual(['sender', 'documentNo']);
    expect(pointerToNamePath('/items/0/description')).toEqual(['items', 0, 'description']);
    expect(pointerToNamePath('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerToNamePath('')).toEqual([]);
  });

  it('places errors under the prefix and leaves the rest for the form', () => {
    const result = fieldErrors(
      {
        status: 400,
        code: 'validation-failed',
        errors: [
          { path: '/body/sender/documentNo', message: 'check digit is wrong' },
          { path: '/sender/documentNo', message: 'too short' },
          { path: '/body/siteId', message: 'no such site' },
          { path: '', message: 'body must be an object' },
        ],
      },
      ['sender'],
    );
    expect(result.fields).toEqual([{ name: ['documentNo'], errors: ['check digit is wrong', 'too short'] }]);
    expect(result.unplaced).toEqual(['/body/siteId: no such site', 'body must be an object']);
  });
});
