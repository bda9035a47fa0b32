import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

// Personal data must never reach the logs. Bodies are never logged; these paths catch personal fields
// wherever a log call passes an object that holds them.
const PERSONAL_FIELDS = [
  'password',
  'token',
  'secret',
  'name',
  'phone',
  'number',
  'documentNumber',
  'address',
  'idNumber',
  'recipient',
  'sender',
];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  ...PERSONAL_FIELDS.map((field) => `*.${field}`),
  ...PERSONAL_FIELDS,
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'parcelguard' } },
    destination,
  );
}
