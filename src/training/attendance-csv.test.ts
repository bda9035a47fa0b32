import { describe, expect, it } from 'vitest';
import { parseAttendanceCsv, splitCsvLine } from './attendance-csv.js';

describe('attendance CSV', () => {
  it('reads quoted fields, any column order, and reports each bad line by number', () => {
    const parsed = parseAttendanceCsv(
      [
        'status,username,session,note',
        'attended,li.na,S1,"late, 10 min"',
        'Partly Attended,wang,S1,',
        'present,zhao,S1,',
        ',,S1',
        'absent,"broken,S1',
        'absent,a,S1,x,extra',
        '',
      ].join('\r\n'),
    );
    expect(parsed.lines).toEqual([
      { line: 2, session: 'S1', username: 'li.na', status: 'attended', note: 'late, 10 min' },
      { line: 3, session: 'S1', username: 'wang', status: 'partly-attended', note: null },
    ]);
    expect(parsed.errors).toEqual([
      { line: 4, message: 'status must be one of booked, attended, partly-attended, absent' },
      {
        line: 5,
        message: 'username is empty; status must be one of booked, attended, partly-attended, absent',
      },
      { line: 6, message: 'a quoted field is not closed' },
      { line: 7, message: '5 fields, the header has 4' },
    ]);
  });

  it('refuses a file whose header lacks a required column', () => {
    expect(parseAttendanceCsv('username,status\na,attended')).toEqual({
      lines: [],
      errors: [{ line: 1, message: 'the header must name session' }],
    });
  });

  it('unescapes doubled quotes', () => {
    expect(splitCsvLine('"say ""hi""",b')).toEqual(['say "hi"', 'b']);
  });
});
