// Configuration comes from the environment and is validated once, at start: every bad value is reported at
// once, each with the variable's name, the rule and what was given.
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type SqliteSynchronous = 'full' | 'normal';

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<file>` or a `postgres://` URL. */
  databaseUrl: string;
  dataDir: string;
  /** Path of the key file (JSON), when keys come from a file. */
  keyFile: string | null;
  /** The key file's JSON given inline (secret managers that inject environment variables). */
  keysInline: string | null;
  logLevel: LogLevel;
  production: boolean;
  sessionTtlMinutes: number;
  bodyLimitBytes: number;
  // The audit log's signing policy and its witness (kept together: audit/ reads these, nothing else does).
  auditCheckpointEvery: number;
  auditCheckpointSeconds: number;
  /** Directory of the append-only witness file every signed checkpoint is also written to. */
  auditWitnessDir: string;
  /** Whether `audit verify` fails (rather than warns) when the witness is missing. */
  auditWitnessRequired: boolean;
  sqliteSynchronous: SqliteSynchronous;
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  /** Days a sender stays in the real-name register after they were last seen. */
  retentionSendersDays: number;
  /** Days a refusal at the identity gate is kept. */
  retentionRefusalsDays: number;
  /** Refusals of one document or phone within the window that raise a clue. */
  refusalClueThreshold: number;
  refusalClueWindowHours: number;
  /** Parcels the demo simulates over the past 3 days on a first start, so the reports have data (0: none). */
  demoSimulationParcels: number;
}

/** The variables read, their defaults and meaning: the README's configuration table is written from this. */
export const CONFIG_VARIABLES = {
  PORT: 'HTTP port (default 8080)',
  HOST: 'interface to listen on (default 127.0.0.1; 0.0.0.0 to serve other machines)',
  DATABASE_URL: 'sqlite:<file> or postgres://… (default sqlite file <data dir>/parcelguard.db)',
  PARCELGUARD_DATA_DIR: 'data directory: SQLite file, demo key file, demo credentials (default ./data)',
  PARCELGUARD_KEY_FILE:
    'key file (JSON: encryption, blind-index and signing keys); demo default <data dir>/keys.json',
  PARCELGUARD_KEYS: 'the key file JSON inline, instead of PARCELGUARD_KEY_FILE',
  LOG_LEVEL: 'fatal|error|warn|info|debug|trace|silent (default info)',
  PARCELGUARD_PRODUCTION:
    'true: refuse to start without configured keys, create no demo data (default false)',
  PARCELGUARD_SESSION_TTL_MINUTES: 'login session lifetime (default 720)',
  PARCELGUARD_BODY_LIMIT_BYTES: 'largest accepted request body (default 1048576)',
  PARCELGUARD_AUDIT_CHECKPOINT_EVERY: 'sign an audit checkpoint after this many entries (default 1000)',
  PARCELGUARD_AUDIT_CHECKPOINT_SECONDS: 'and at least this often while entries are pending (default 60)',
  PARCELGUARD_AUDIT_WITNESS_DIR:
    'where signed checkpoints are also appended, outside the database (default <data dir>/audit-witness)',
  PARCELGUARD_AUDIT_WITNESS_REQUIRED:
    'true: audit verify fails when the witness file is missing (default: true in production, else false)',
  PARCELGUARD_SQLITE_SYNCHRONOUS:
    'full (durable against power loss, default) or normal (durable against crashes)',
  PARCELGUARD_LOGIN_MAX_FAILURES: 'failed logins per user or address before a lockout (default 5)',
  PARCELGUARD_LOGIN_LOCKOUT_MINUTES: 'lockout window (default 15)',
  PARCELGUARD_RETENTION_SENDERS_DAYS:
    'days a verified sender is kept after they were last seen (default 365; no national period exists)',
  PARCELGUARD_RETENTION_REFUSALS_DAYS: 'days a refusal at the identity gate is kept (default 365)',
  PARCELGUARD_REFUSAL_CLUE_THRESHOLD:
    'refusals of one document or phone within the window that raise a clue (default 3)',
  PARCELGUARD_REFUSAL_CLUE_WINDOW_HOURS: 'the window for counting repeated refusals (default 24)',
  PARCELGUARD_DEMO_SIMULATION_PARCELS:
    'parcels a first demo start simulates over the past 3 days, so reports have data (default 150; 0: none)',
} as const;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws ConfigError listing every bad value. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const read = (name: keyof typeof CONFIG_VARIABLES): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (
    name: keyof typeof CONFIG_VARIABLES,
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: keyof typeof CONFIG_VARIABLES, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name}: must be true or false (got "${raw}")`);
    return fallback;
  };

  const dataDir = path.resolve(read('PARCELGUARD_DATA_DIR') ?? './data');
  const databaseUrl = read('DATABASE_URL') ?? `sqlite:${path.join(dataDir, 'parcelguard.db')}`;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push(`DATABASE_URL: must start with sqlite: or postgres:// (got "${redactUrl(databaseUrl)}")`);
  }
  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const synchronous = (read('PARCELGUARD_SQLITE_SYNCHRONOUS') ?? 'full') as SqliteSynchronous;
  if (synchronous !== 'full' && synchronous !== 'normal') {
    problems.push(`PARCELGUARD_SQLITE_SYNCHRONOUS: must be full or normal (got "${String(synchronous)}")`);
  }
  const keyFile = read('PARCELGUARD_KEY_FILE');
  const keysInline = read('PARCELGUARD_KEYS');
  if (keyFile !== undefined && keysInline !== undefined) {
    problems.push('PARCELGUARD_KEYS: set either PARCELGUARD_KEY_FILE or PARCELGUARD_KEYS, not both');
  }

  const config: Config = {
    port: integer('PORT', 8080, 0, 65535),
    host: read('HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir,
    keyFile: keyFile === undefined ? null : path.resolve(keyFile),
    keysInline: keysInline ?? null,
    logLevel,
    production: boolean('PARCELGUARD_PRODUCTION', false),
    sessionTtlMinutes: integer('PARCELGUARD_SESSION_TTL_MINUTES', 720, 1, 60 * 24 * 30),
    bodyLimitBytes: integer('PARCELGUARD_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    auditCheckpointEvery: integer('PARCELGUARD_AUDIT_CHECKPOINT_EVERY', 1000, 1, 10_000_000),
    auditCheckpointSeconds: integer('PARCELGUARD_AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    auditWitnessDir: path.resolve(
      read('PARCELGUARD_AUDIT_WITNESS_DIR') ?? path.join(dataDir, 'audit-witness'),
    ),
    // Required by default in production; an invalid PARCELGUARD_PRODUCTION is reported by its own line.
    auditWitnessRequired: boolean(
      'PARCELGUARD_AUDIT_WITNESS_REQUIRED',
      ['true', '1', 'yes'].includes(read('PARCELGUARD_PRODUCTION')?.toLowerCase() ?? ''),
    ),
    sqliteSynchronous: synchronous,
    loginMaxFailures: integer('PARCELGUARD_LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockoutMinutes: integer('PARCELGUARD_LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    retentionSendersDays: integer('PARCELGUARD_RETENTION_SENDERS_DAYS', 365, 1, 36_500),
    retentionRefusalsDays: integer('PARCELGUARD_RETENTION_REFUSALS_DAYS', 365, 1, 36_500),
    refusalClueThreshold: integer('PARCELGUARD_REFUSAL_CLUE_THRESHOLD', 3, 2, 1000),
    refusalClueWindowHours: integer('PARCELGUARD_REFUSAL_CLUE_WINDOW_HOURS', 24, 1, 24 * 366),
    demoSimulationParcels: integer('PARCELGUARD_DEMO_SIMULATION_PARCELS', 150, 0, 100_000),
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Hides a password in a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** The default key file of a data directory (demo mode). */
export function defaultKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys.json');
}
