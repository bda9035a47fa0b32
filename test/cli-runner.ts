// Runs the real `parcelguard` CLI in a child process (through tsx, so tests need no build step).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chinaDate } from '../src/platform/clock.js';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = 'src/cli/main.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  delete env.PARCELGUARD_KEY_FILE;
  delete env.PARCELGUARD_KEYS;
  return env;
}

const closings = new WeakMap<ChildProcess, Promise<void>>();

export function startCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Listened for from the start: a child killed while the test awaits other work may close before the test
  // asks, and a listener added after 'close' would wait forever.
  closings.set(child, new Promise((resolve) => child.once('close', () => resolve())));
  return child;
}

/** Resolves once the child started by startCli has exited and its output streams have closed. */
export function closed(child: ChildProcess): Promise<void> {
  const closing = closings.get(child);
  if (closing === undefined) throw new Error('closed() takes a child started by startCli');
  return closing;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(input ?? '');
  });
}

/**
 * Records onboarding safety training for `username` by hand, through the CLI: a course for it, then an admin's
 * manual certificate from today. A person the CLI operator names (`import --courier`) must hold it, as one signing
 * in must.
 */
export async function onboardByCli(
  cli: (...args: string[]) => Promise<CliResult>,
  username: string,
): Promise<void> {
  const course = await cli(
    'training',
    'add-course',
    '--code',
    `ONB-${username}`.slice(0, 32),
    '--kind',
    'onboarding-safety',
    '--title',
    'Onboarding safety',
    '--content-version',
    '1',
    '--content-ref',
    'handbook §1',
  );
  if (course.code !== 0) throw new Error(`training add-course failed: ${course.stderr}`);
  const certified = await cli(
    'training',
    'certify',
    username,
    '--course',
    `ONB-${username}`.slice(0, 32),
    '--from',
    chinaDate(Date.now()),
    '--reason',
    'trained at the outlet before this system',
  );
  if (certified.code !== 0) throw new Error(`training certify failed: ${certified.stderr}`);
}
