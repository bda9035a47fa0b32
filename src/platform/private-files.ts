// Files only ParcelGuard's own user may read: the data directory it creates (0700) and the SQLite database with
// its -wal and -shm files (0600). Modes are set with chmod after creation, so a permissive umask cannot widen
// them, and a database left 0644 by an older version is tightened when it is next opened.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) 0700; a directory that already exists is left as its owner set it. */
export function ensurePrivateDirectory(dir: string): void {
  const firstCreated = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  if (firstCreated !== undefined) chmodSync(dir, PRIVATE_DIRECTORY_MODE);
}

/** Creates `file` empty if it does not exist, and makes it 0600 either way (see `restrictExistingFiles`). */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  restrictExistingFiles([file]);
}

/**
 * Makes each of `files` that exists 0600. A file another user owns (a shared deployment) cannot be changed and
 * is left as it is: refusing to start over it would be worse.
 */
export function restrictExistingFiles(files: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      chmodSync(file, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
}
