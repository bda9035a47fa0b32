// Attendance sheets as CSV (a trainer's sign-in sheet typed up, an e-learning platform's export). Header
// `session,username,status,note` (any order, note optional); one line per person; quoted fields as RFC 4180.
// Pure: lines that cannot be read are reported by line number, the rest are handed to the service.
import { ATTENDANCE_STATUSES, type AttendanceStatus } from './training.types.js';

export interface AttendanceLine {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  session: string;
  username: string;
  status: AttendanceStatus;
  note: string | null;
}

export interface ParsedAttendance {
  lines: AttendanceLine[];
  errors: { line: number; message: string }[];
}

const REQUIRED = ['session', 'username', 'status'] as const;
export const MAX_ATTENDANCE_LINES = 5000;

/** Splits one CSV record into fields (double quotes escape commas and quotes); null when a quote is unclosed. */
export function splitCsvLine(text: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field.length === 0) quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  if (quoted) return null;
  fields.push(field);
  return fields.map((value) => value.trim());
}

export function parseAttendanceCsv(text: string): ParsedAttendance {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: ParsedAttendance['errors'] = [];
  const lines: AttendanceLine[] = [];
  const header = splitCsvLine(rows[0] ?? '')?.map((name) => name.toLowerCase()) ?? [];
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    return { lines, errors: [{ line: 1, message: `the header must name ${missing.join(', ')}` }] };
  }
  const at = (name: string) => header.indexOf(name);
  for (let index = 1; index < rows.length; index += 1) {
    const lineNo = index + 1;
    const raw = rows[index]!;
    if (raw.trim().length === 0) continue;
    if (lines.length + errors.length >= MAX_ATTENDANCE_LINES) {
      errors.push({
        line: lineNo,
        message: `more than ${MAX_ATTENDANCE_LINES} lines: the rest was not read`,
      });
      break;
    }
    const fields = splitCsvLine(raw);
    if (fields === null) {
      errors.push({ line: lineNo, message: 'a quoted field is not closed' });
      continue;
    }
    if (fields.length > header.length) {
      errors.push({ line: lineNo, message: `${fields.length} fields, the header has ${header.length}` });
      continue;
    }
    const value = (name: string) => (at(name) < 0 ? '' : (fields[at(name)] ?? ''));
    const problems: string[] = [];
    if (value('session') === '') problems.push('session is empty');
    if (value('username') === '') problems.push('username is empty');
    const status = value('status').toLowerCase().replace(/[ _]/g, '-');
    if (!(ATTENDANCE_STATUSES as readonly string[]).includes(status))
      problems.push(`status must be one of ${ATTENDANCE_STATUSES.join(', ')}`);
    if (problems.length > 0) {
      errors.push({ line: lineNo, message: problems.join('; ') });
      continue;
    }
    const note = value('note');
    lines.push({
      line: lineNo,
      session: value('session'),
      username: value('username'),
      status: status as AttendanceStatus,
      note: note === '' ? null : note.slice(0, 500),
    });
  }
  return { lines, errors };
}
