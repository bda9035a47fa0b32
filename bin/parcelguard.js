#!/usr/bin/env node
// The package's executable: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error(
    'parcelguard: not built yet. Run `npm install` (or `npm run build`) in the project folder first.',
  );
  process.exit(1);
}
await import(entry.href);
