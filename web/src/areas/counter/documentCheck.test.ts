// The counter's as-typed check mirrors the server's document rules: whatever the client flags, the server
// rejects, and a number the server accepts is never flagged (the server stays the authority).
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../../src/identity/documents/index.js';
import { checkDocumentAsTyped, residentIdCheckCharacter } from './documentCheck';

const TODAY = '2026-12-06';
const todayDate = new Date('2026-12-06T04:00:00Z');

function withCheck(body: string): string {
  return body + residentIdCheckCharacter(body);
}

describe('the document number as typed', () => {
  const cases: [string, string][] = [
    ['resident-id', withCheck('11010519491231002')],
    ['resident-id', '110105194912310021'],
    ['resident-id', withCheck('11010520491231002')],
    ['resident-id', withCheck('11010518991231002')],
    ['resident-id', withCheck('11010519490231002')],
    ['resident-id', withCheck('99010519491231002')],
    ['resident-id', '110105491231002'],
    ['resident-id', '11010519491231002'],
    ['resident-id', '1101051949123100ZX'],
    ['resident-id', withCheck('11010519491231002').replace('X', 'x')],
    ['hkmo-residence', withCheck('81000019900101123')],
    ['hkmo-residence', withCheck('11000019900101123')],
    ['tw-residence', withCheck('83000019900101123')],
    ['hkmo-permit', 'H12345678'],
    ['hkmo-permit', 'X12345678'],
    ['tw-permit', '12345678'],
    ['tw-permit', '1234567'],
  ];
  for (const [type, number] of cases) {
    it(`${type} ${number}: flagged only when the server rejects it`, () => {
      const client = checkDocumentAsTyped(type, number, TODAY);
      const server = validateDocument({ type, number }, { today: todayDate });
      expect(client === null).toBe(server.valid);
      if (client !== null) expect(client).toBe(server.reason);
    });
  }

  it('leaves an empty field to the required rule', () => {
    expect(checkDocumentAsTyped('resident-id', '  ', TODAY)).toBeNull();
  });
});
