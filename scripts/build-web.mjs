// Builds the console (web/ → web/dist) unless nothing it is built from has changed since the last build:
// `npm start` runs this every time, and a start should not wait for a build it already has.
// `--force` builds anyway. Plain JavaScript so that it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const stampFile = path.join(distDir, '.source-hash');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full === distDir || entry.name === 'node_modules') continue;
      yield* sourceFiles(full);
    } else {
      yield full;
    }
  }
}

/** A hash of everything the console is built from: its sources and the exact versions installed. */
export function consoleSourceHash() {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(webDir), path.join(root, 'package-lock.json')]) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function buildConsoleIfChanged({ force = false, quiet = false } = {}) {
  const sourceHash = consoleSourceHash();
  const built =
    existsSync(path.join(distDir, 'index.html')) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === sourceHash;
  if (built && !force) {
    if (!quiet) console.log('console: up to date (web/dist)');
    return false;
  }
  const { build } = await import('vite');
  // Under Vitest NODE_ENV is "test": Vite would then build React's and Ant Design's development code, whose ids
  // are all "test-id" (so every dialog is labelled by the first such element). The console is always built as
  // it ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(webDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: quiet ? 'warn' : 'info',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stampFile, sourceHash);
  return true;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildConsoleIfChanged({ force: process.argv.includes('--force') });
}
