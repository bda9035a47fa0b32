import { describe, expect, it } from 'vitest';
import { readPassportMrz } from './mrz.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');
const SPECIMEN_LINE_1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
const SPECIMEN_LINE_2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

describe('readPassportMrz', () => {
  it('reads the ICAO 9303 specimen', () => {
    expect(readPassportMrz(`${SPECIMEN_LINE_1}\n${SPECIMEN_LINE_2}`, TODAY)).toEqual({
      ok: true,
      mrz: { documentNumber: 'L898902C3', nationality: 'UTO', birthDate: '1974-08-12', sex: 'female' },
    });
  });

  it('takes the two lines run together, the second line alone, CRLF and lower case', () => {
    const expected = readPassportMrz(`${SPECIMEN_LINE_1}\n${SPECIMEN_LINE_2}`, TODAY);
    expect(readPassportMrz(SPECIMEN_LINE_1 + SPECIMEN_LINE_2, TODAY)).toEqual(expected);
    expect(readPassportMrz(` ${SPECIMEN_LINE_2} `, TODAY)).toEqual(expected);
    expect(readPassportMrz(`${SPECIMEN_LINE_1}\r\n${SPECIMEN_LINE_2}\r\n`, TODAY)).toEqual(expected);
    expect(readPassportMrz(SPECIMEN_LINE_2.toLowerCase(), TODAY)).toEqual(expected);
  });

  it('flags each check digit that does not hold', () => {
    for (const position of [9, 19, 27, 42, 43]) {
      const digit = Number(SPECIMEN_LINE_2[position]);
      const line =
        SPECIMEN_LINE_2.slice(0, position) + String((digit + 1) % 10) + SPECIMEN_LINE_2.slice(position + 1);
      expect(readPassportMrz(line, TODAY)).toEqual({ ok: false, reason: 'bad-mrz-checksum' });
    }
  });

  it('flags a changed field through its check digit', () => {
    const line = SPECIMEN_LINE_2.replace('L898902C3', 'L898902C4');
    expect(readPassportMrz(line, TODAY)).toEqual({ ok: false, reason: 'bad-mrz-checksum' });
  });

  it('rejects malformed zones', () => {
    const malformed = [
      '',
      SPECIMEN_LINE_2.slice(0, 43),
      `${SPECIMEN_LINE_2}<`,
      SPECIMEN_LINE_2.replace('<<<<<10', '<<<<-10'),
      `${SPECIMEN_LINE_1.replace('P<', 'I<')}\n${SPECIMEN_LINE_2}`,
      `${SPECIMEN_LINE_1}\n${SPECIMEN_LINE_2}\n${SPECIMEN_LINE_2}`,
      SPECIMEN_LINE_2.replace('2F12', '2Q12'),
      SPECIMEN_LINE_2.replace('6UTO', '6U1O'),
      SPECIMEN_LINE_2.replace('C36', 'C3<'),
    ];
    for (const text of malformed)
      expect(readPassportMrz(text, TODAY)).toEqual({ ok: false, reason: 'bad-mrz' });
  });
});
