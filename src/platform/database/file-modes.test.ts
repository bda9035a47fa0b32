// The SQLite store keeps personal data: its file, -wal and -shm are 0600 and a data directory it creates is 0700,
// whatever the umask; a database an older version left 0644 is tightened on open.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { writeKeyFile, generateKeyFile } from '../crypto/keyring.js';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('SQLite file modes', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'parcelguard-modes-'));
  let umask = 0;
  // The loosest umask there is: modes must come from ParcelGuard, not from the environment.
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the data directory 0700 and the database, -wal and -shm 0600', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const file = path.join(dataDir, 'parcelguard.db');
    const store = openStore(`sqlite:${file}`, { sqliteSynchronous: 'full' });
    try {
      await store.transaction(async (trx) => {
        await trx.schema.createTable('t').addColumn('x', 'integer').execute();
      });
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(root, 'fresh'))).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(`${file}-wal`)).toBe(0o600);
      expect(modeOf(`${file}-shm`)).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('tightens a database and WAL files left 0644, and leaves a directory it did not create alone', async () => {
    const dataDir = path.join(root, 'existing');
    const file = path.join(dataDir, 'parcelguard.db');
    const first = openStore(`sqlite:${file}`, { sqliteSynchronous: 'normal' });
    await first.transaction(async (trx) => {
      await trx.schema.createTable('t').addColumn('x', 'integer').execute();
    });
    await first.close();
    chmodSync(dataDir, 0o755);
    chmodSync(file, 0o644);
    writeFileSync(`${file}-shm`, '');
    chmodSync(`${file}-shm`, 0o644);

    const store = openStore(`sqlite:${file}`, { sqliteSynchronous: 'normal' });
    try {
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(`${file}-shm`)).toBe(0o600);
      expect(modeOf(dataDir)).toBe(0o755);
    } finally {
      await store.close();
    }
  });

  it('creates the data directory 0700 when the demo key file is written first', () => {
    const dataDir = path.join(root, 'keys-first');
    writeKeyFile(path.join(dataDir, 'keys.json'), generateKeyFile());
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'keys.json'))).toBe(0o600);
  });
});
