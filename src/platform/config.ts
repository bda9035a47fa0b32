// Configuration comes from the environment and is validated once, at start: every bad value is reported at
// once, each with the variable's name, the rule and what was given.
import { isIP } from 'node:net';
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
  /** Failed sign-ins for one account from one address before that address is locked out of it. */
  loginMaxFailures: number;
  /** The longest sign-in lockout; also the window of the account-wide and per-address counts. */
  loginLockoutMinutes: number;
  /** Failed sign-ins for one account from all addresses within the window before it is locked everywhere. */
  loginAccountMaxFailures: number;
  /** Failed sign-ins from one address, for any accounts, within the window, before the address is refused. */
  loginAddressMaxFailures: number;
  /** Fastify's trustProxy: false, true (any proxy), a hop count, or trusted proxy addresses and CIDRs. */
  trustProxy: boolean | number | string[];
  /** Requests per client (bearer credential, else address) per minute; 0: no limit. */
  rateLimitPerMinute: number;
  /** Sign-in requests per client address per minute; 0: no limit. */
  loginRateLimitPerMinute: number;
  /** Time a client has to send its request head; the whole request; an idle keep-alive connection lasts. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Days a sender stays in the real-name register after they were last seen. */
  retentionSendersDays: number;
  /** Days a refusal at the identity gate is kept. */
  retentionRefusalsDays: number;
  /** Days a delivered webhook stays in the outbox (pending and failed ones stay until dealt with). */
  webhookKeepDeliveredDays: number;
  /** Refusals of one document or phone within the window that raise a clue. */
  refusalClueThreshold: number;
  refusalClueWindowHours: number;
  /** The lowest face-match device score (0–1) the identity gate accepts; below it the sender is refused. */
  faceMatchMinScore: number;
  /**
   * Group intakes staged in a unit of work and written a statement per table (true), or a savepoint and its own
   * statements per parcel (false: the path before, kept as the fallback and to compare against).
   */
  intakeSetBased: boolean;
  /**
   * Intake's database-free work (hashing, screening, sealing personal fields) on a worker thread, beside the
   * writer's (false: on the writer's thread; the test harness's default, so tests start no threads).
   */
  intakeWorker: boolean;
  /** Parcels the demo simulates over the past 3 days on a first start, so the reports have data (0: none). */
  demoSimulationParcels: number;
  /** Where evidence files go when not in `<data dir>/evidence`: an S3-compatible store (cases). */
  evidenceS3: {
    url: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
  } | null;
  /** The event path (NATS JetStream, events/); null without NATS_URL: HTTP only. */
  events: EventsConfig | null;

  // Hardening.
  /** The bearer token `/metrics` asks for; null: `/metrics` is open to whoever reaches the port. */
  metricsToken: string | null;
}

export interface EventsConfig {
  natsUrl: string;
  /** The company's stream of station events; its dead letters go to `<stream>_DEAD_LETTERS`. */
  stream: string;
  /** First subject token: `<prefix>.<site id>.scans`, `<prefix>.<site id>.dispatch`. */
  subjectPrefix: string;
  /** The durable pull consumer that stores the events. */
  consumer: string;
  /** Messages taken per fetch, written in one transaction. */
  batch: number;
  /** Seconds a fetched message stays with a consumer before JetStream hands it to another. */
  ackWaitSeconds: number;
  /** Whether `serve` runs the consumer beside the HTTP server. */
  consumeInServe: boolean;
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
  PARCELGUARD_LOGIN_MAX_FAILURES:
    'failed sign-ins for one account from one address before that address is locked out of it (default 5)',
  PARCELGUARD_LOGIN_LOCKOUT_MINUTES:
    'longest sign-in lockout: the first lasts 1 minute, each further one twice as long (default 15)',
  PARCELGUARD_LOGIN_ACCOUNT_MAX_FAILURES:
    'failed sign-ins for one account from all addresses within the lockout minutes before it is locked everywhere (default 100)',
  PARCELGUARD_LOGIN_ADDRESS_MAX_FAILURES:
    'failed sign-ins from one address, any accounts, within the lockout minutes before the address is refused (default 100)',
  PARCELGUARD_TRUST_PROXY:
    'false (default), true (any proxy), a hop count, or a comma-separated list of proxy addresses and CIDRs to take X-Forwarded-For from',
  PARCELGUARD_RATE_LIMIT_PER_MINUTE:
    'requests per client (bearer credential, else address) per minute (default 6000; 0: no limit)',
  PARCELGUARD_LOGIN_RATE_LIMIT_PER_MINUTE:
    'sign-in requests per client address per minute (default 60; 0: no limit)',
  PARCELGUARD_HEADERS_TIMEOUT_SECONDS: 'time a client has to send a request head (default 10)',
  PARCELGUARD_REQUEST_TIMEOUT_SECONDS:
    'time a client has to send a whole request, body included (default 300: an NDJSON batch upload)',
  PARCELGUARD_KEEP_ALIVE_TIMEOUT_SECONDS: 'an idle keep-alive connection is closed after this (default 72)',
  PARCELGUARD_RETENTION_SENDERS_DAYS:
    'days a verified sender is kept after they were last seen (default 365; no national period exists)',
  PARCELGUARD_RETENTION_REFUSALS_DAYS: 'days a refusal at the identity gate is kept (default 365)',
  PARCELGUARD_WEBHOOK_KEEP_DELIVERED_DAYS:
    'days a delivered webhook stays in the outbox before the dispatcher removes it (default 90)',
  PARCELGUARD_REFUSAL_CLUE_THRESHOLD:
    'refusals of one document or phone within the window that raise a clue (default 3)',
  PARCELGUARD_REFUSAL_CLUE_WINDOW_HOURS: 'the window for counting repeated refusals (default 24)',
  PARCELGUARD_INTAKE_SET_BASED:
    'true: a group of intakes is staged and written a statement per table; false: a savepoint and statements per parcel (true)',
  PARCELGUARD_INTAKE_WORKER:
    "true: intake's hashing, screening and field encryption run on a worker thread beside the writer; false: on the writer's thread (true)",
  PARCELGUARD_FACE_MATCH_MIN_SCORE:
    'the lowest face-match device score, 0 to 1, the identity gate accepts; below it the sender is refused (default 0.8)',
  PARCELGUARD_DEMO_SIMULATION_PARCELS:
    'parcels a first demo start simulates over the past 3 days, so reports have data (default 150; 0: none)',
  PARCELGUARD_EVIDENCE_S3_URL:
    'evidence files in an S3-compatible store, path-style: https://host[:port]/<bucket>[/<prefix>] (default: files under <data dir>/evidence)',
  PARCELGUARD_EVIDENCE_S3_REGION: 'the S3 region the requests are signed for (default us-east-1)',
  PARCELGUARD_EVIDENCE_S3_ACCESS_KEY_ID: 'the S3 access key id (required with PARCELGUARD_EVIDENCE_S3_URL)',
  PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY:
    'the S3 secret access key (required with PARCELGUARD_EVIDENCE_S3_URL; never printed)',
  NATS_URL:
    'NATS server(s) with JetStream for the hub event path, e.g. nats://127.0.0.1:4222 (unset: HTTP only, nothing changes)',
  PARCELGUARD_EVENTS_STREAM: 'the JetStream stream of station events (default PARCELGUARD)',
  PARCELGUARD_EVENTS_SUBJECT_PREFIX:
    'first subject token: <prefix>.<site id>.scans and .dispatch (default parcelguard)',
  PARCELGUARD_EVENTS_CONSUMER: 'the durable pull consumer that stores events (default parcelguard-store)',
  PARCELGUARD_EVENTS_BATCH: 'messages the consumer takes at once, stored in one transaction (default 500)',
  PARCELGUARD_EVENTS_ACK_WAIT_SECONDS:
    'seconds a fetched, unacknowledged message waits before JetStream redelivers it (default 60)',
  PARCELGUARD_EVENTS_CONSUME: 'true: `serve` also runs the event consumer (needs NATS_URL; default false)',

  // Hardening.
  PARCELGUARD_METRICS_TOKEN:
    '/metrics answers only with Authorization: Bearer <this token> (16+ printable characters); unset: open to whoever reaches the port',
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
  const fraction = (name: keyof typeof CONFIG_VARIABLES, fallback: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw) || !(value >= 0 && value <= 1)) {
      problems.push(`${name}: must be a number from 0 to 1, e.g. 0.8 (got "${raw}")`);
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

  const trustProxy = parseTrustProxy(read('PARCELGUARD_TRUST_PROXY'), problems);
  const loginMaxFailures = integer('PARCELGUARD_LOGIN_MAX_FAILURES', 5, 1, 1000);
  // Both above the per-address limit: a few failures for one name from one address (a typo, a made-up user)
  // must not lock that account everywhere, nor everyone behind that address.
  const loginAccountMaxFailures = integer('PARCELGUARD_LOGIN_ACCOUNT_MAX_FAILURES', 100, 2, 100_000);
  const loginAddressMaxFailures = integer('PARCELGUARD_LOGIN_ADDRESS_MAX_FAILURES', 100, 2, 100_000);
  for (const [name, value] of [
    ['PARCELGUARD_LOGIN_ACCOUNT_MAX_FAILURES', loginAccountMaxFailures],
    ['PARCELGUARD_LOGIN_ADDRESS_MAX_FAILURES', loginAddressMaxFailures],
  ] as const) {
    if (value <= loginMaxFailures)
      problems.push(`${name}: must be greater than PARCELGUARD_LOGIN_MAX_FAILURES (got ${value})`);
  }
  const headersTimeoutSeconds = integer('PARCELGUARD_HEADERS_TIMEOUT_SECONDS', 10, 1, 600);
  const requestTimeoutSeconds = integer('PARCELGUARD_REQUEST_TIMEOUT_SECONDS', 300, 1, 24 * 3600);
  if (requestTimeoutSeconds < headersTimeoutSeconds) {
    problems.push(
      `PARCELGUARD_REQUEST_TIMEOUT_SECONDS: must not be less than PARCELGUARD_HEADERS_TIMEOUT_SECONDS (got ${requestTimeoutSeconds})`,
    );
  }
  // Hardening. The token is a secret: a bad one is described, never printed.
  const metricsToken = read('PARCELGUARD_METRICS_TOKEN') ?? null;
  if (metricsToken !== null && !/^[\x21-\x7e]{16,256}$/.test(metricsToken)) {
    problems.push('PARCELGUARD_METRICS_TOKEN: must be 16 to 256 printable characters without spaces');
  }

  const evidenceS3 = readEvidenceS3(read, problems);
  const natsUrl = read('NATS_URL');
  const events: EventsConfig | null =
    natsUrl === undefined
      ? null
      : {
          natsUrl,
          stream: read('PARCELGUARD_EVENTS_STREAM') ?? 'PARCELGUARD',
          subjectPrefix: read('PARCELGUARD_EVENTS_SUBJECT_PREFIX') ?? 'parcelguard',
          consumer: read('PARCELGUARD_EVENTS_CONSUMER') ?? 'parcelguard-store',
          batch: integer('PARCELGUARD_EVENTS_BATCH', 500, 1, 1000),
          ackWaitSeconds: integer('PARCELGUARD_EVENTS_ACK_WAIT_SECONDS', 60, 1, 3600),
          consumeInServe: boolean('PARCELGUARD_EVENTS_CONSUME', false),
        };
  if (events !== null) {
    // Stream and consumer names become subjects of JetStream's API: no dots, wildcards or spaces.
    for (const [name, value] of [
      ['PARCELGUARD_EVENTS_STREAM', events.stream],
      ['PARCELGUARD_EVENTS_CONSUMER', events.consumer],
      ['PARCELGUARD_EVENTS_SUBJECT_PREFIX', events.subjectPrefix],
    ] as const) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(value))
        problems.push(`${name}: must be 1-64 letters, digits, _ or - (got "${value}")`);
    }
  } else if (
    read('PARCELGUARD_EVENTS_CONSUME') !== undefined &&
    boolean('PARCELGUARD_EVENTS_CONSUME', false)
  ) {
    problems.push('PARCELGUARD_EVENTS_CONSUME: needs NATS_URL (the NATS server to consume from)');
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
    loginMaxFailures,
    loginLockoutMinutes: integer('PARCELGUARD_LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    loginAccountMaxFailures,
    loginAddressMaxFailures,
    trustProxy,
    rateLimitPerMinute: integer('PARCELGUARD_RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    loginRateLimitPerMinute: integer('PARCELGUARD_LOGIN_RATE_LIMIT_PER_MINUTE', 60, 0, 1_000_000),
    headersTimeoutMs: headersTimeoutSeconds * 1000,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    keepAliveTimeoutMs: integer('PARCELGUARD_KEEP_ALIVE_TIMEOUT_SECONDS', 72, 1, 3600) * 1000,
    retentionSendersDays: integer('PARCELGUARD_RETENTION_SENDERS_DAYS', 365, 1, 36_500),
    retentionRefusalsDays: integer('PARCELGUARD_RETENTION_REFUSALS_DAYS', 365, 1, 36_500),
    webhookKeepDeliveredDays: integer('PARCELGUARD_WEBHOOK_KEEP_DELIVERED_DAYS', 90, 1, 36_500),
    refusalClueThreshold: integer('PARCELGUARD_REFUSAL_CLUE_THRESHOLD', 3, 2, 1000),
    refusalClueWindowHours: integer('PARCELGUARD_REFUSAL_CLUE_WINDOW_HOURS', 24, 1, 24 * 366),
    // 0.8 is a common operating point for 1:1 face verification devices; a site's device may call for another.
    faceMatchMinScore: fraction('PARCELGUARD_FACE_MATCH_MIN_SCORE', 0.8),
    intakeSetBased: boolean('PARCELGUARD_INTAKE_SET_BASED', true),
    intakeWorker: boolean('PARCELGUARD_INTAKE_WORKER', true),
    demoSimulationParcels: integer('PARCELGUARD_DEMO_SIMULATION_PARCELS', 150, 0, 100_000),
    evidenceS3,
    events,
    metricsToken,
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The S3 evidence store's settings, all or none (the secret is described when missing, never printed). */
function readEvidenceS3(
  read: (name: keyof typeof CONFIG_VARIABLES) => string | undefined,
  problems: string[],
): Config['evidenceS3'] {
  const url = read('PARCELGUARD_EVIDENCE_S3_URL');
  const accessKeyId = read('PARCELGUARD_EVIDENCE_S3_ACCESS_KEY_ID');
  const secretAccessKey = read('PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY');
  if (url === undefined) {
    if (accessKeyId !== undefined || secretAccessKey !== undefined)
      problems.push('PARCELGUARD_EVIDENCE_S3_URL: required when S3 credentials are given');
    return null;
  }
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || !/^https?:$/.test(parsed.protocol) || parsed.pathname.replace(/\/+$/, '') === '') {
    problems.push(
      `PARCELGUARD_EVIDENCE_S3_URL: must be http(s)://host[:port]/<bucket>[/<prefix>] (got "${redactUrl(url)}")`,
    );
  }
  if (accessKeyId === undefined)
    problems.push('PARCELGUARD_EVIDENCE_S3_ACCESS_KEY_ID: required with an S3 URL');
  if (secretAccessKey === undefined)
    problems.push('PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY: required with an S3 URL');
  return {
    url,
    region: read('PARCELGUARD_EVIDENCE_S3_REGION') ?? 'us-east-1',
    accessKeyId: accessKeyId ?? '',
    secretAccessKey: secretAccessKey ?? '',
  };
}

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `false`/`true`, a hop count, or addresses and CIDRs (and proxy-addr's names loopback, linklocal,
 * uniquelocal) separated by commas. `true` and a hop count believe whoever connects: safe only when nothing
 * but the proxy can reach the server, else a client names its own address in X-Forwarded-For and escapes
 * the per-address limits.
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string[] {
  if (raw === undefined || ['false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops <= 100) return hops === 0 ? false : hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.every(isProxyRange)) return entries;
  problems.push(
    `PARCELGUARD_TRUST_PROXY: must be true, false, a hop count (0-100) or a comma-separated list of addresses, CIDRs, loopback, linklocal or uniquelocal (got "${raw}")`,
  );
  return false;
}

function isProxyRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Hides a password in a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** The default key file of a data directory (demo mode). */
export function defaultKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys.json');
}
