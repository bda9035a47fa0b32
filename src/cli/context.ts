// What every CLI command shares: configuration from the environment (and --db), the app, exit codes.
import path from 'node:path';
import type { App } from '../app.js';
import { ConfigError, loadConfig, type Config, type LogLevel } from '../platform/config.js';
import { KeyMaterialError, MissingKeyMaterialError } from '../platform/crypto/keyring.js';
import { AppError } from '../platform/errors.js';

export const EXIT_OK = 0;
/** A check failed (verification, validation of input). */
export const EXIT_FAILED = 1;
/** The command could not run (bad configuration, bad arguments, unreachable database). */
export const EXIT_UNUSABLE = 2;

export interface GlobalOptions {
  db?: string;
}

/** Configuration for a CLI run: `--db <sqlite file>` overrides DATABASE_URL and, unless set, the data dir. */
export function cliConfig(
  options: GlobalOptions,
  overrides: Partial<Config> = {},
  envOverrides: Record<string, string> = {},
): Config {
  const env: Record<string, string | undefined> = { ...process.env, ...envOverrides };
  if (options.db !== undefined) {
    const file = path.resolve(options.db);
    env.DATABASE_URL = options.db.startsWith('postgres') ? options.db : `sqlite:${file}`;
    if (!options.db.startsWith('postgres') && env.PARCELGUARD_DATA_DIR === undefined) {
      env.PARCELGUARD_DATA_DIR = path.dirname(file);
    }
  }
  return loadConfig(env, overrides);
}

/** Runs `work` with an app and closes it; maps errors to messages and exit codes. */
export async function withApp(
  options: GlobalOptions,
  work: (app: App) => Promise<number | void>,
  { createKeys = true }: { createKeys?: boolean } = {},
): Promise<void> {
  let app: App | undefined;
  try {
    // Loaded on demand: `--help` and the stateless commands (id check, screen) start without the whole app.
    const { createApp } = await import('../app.js');
    app = await createApp(cliConfig(options), { logger: await silentLogger(), createKeys });
    process.exitCode = (await work(app)) ?? EXIT_OK;
  } catch (error) {
    process.exitCode = reportError(error);
  } finally {
    await app?.close();
  }
}

/**
 * `withApp` for commands that only read: they never create the demo key file. Run beside no data dir, a new key
 * would be printed (audit public-key) or used without a word; they fail naming the missing file instead.
 */
export function withReadOnlyApp(
  options: GlobalOptions,
  work: (app: App) => Promise<number | void>,
): Promise<void> {
  return withApp(options, work, { createKeys: false });
}

export function reportError(error: unknown): number {
  if (error instanceof MissingKeyMaterialError) {
    console.error(`parcelguard: ${error.message}`);
    return EXIT_FAILED;
  }
  if (error instanceof ConfigError || error instanceof KeyMaterialError) {
    console.error(`parcelguard: ${error.message}`);
    return EXIT_UNUSABLE;
  }
  if (error instanceof AppError) {
    console.error(`parcelguard: ${error.code}: ${error.message}`);
    return error.code === 'internal' || error.code === 'unavailable' ? EXIT_UNUSABLE : EXIT_FAILED;
  }
  console.error(`parcelguard: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_UNUSABLE;
}

/** CLI output is for people: logs go to stderr, warnings and worse unless LOG_LEVEL asks for more. */
export async function silentLogger() {
  const { default: pino } = await import('pino');
  const { createLogger } = await import('../platform/logger.js');
  return createLogger((process.env.LOG_LEVEL ?? 'warn') as LogLevel, pino.destination(2));
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((column) => cell(row[column]))));
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
