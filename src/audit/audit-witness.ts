// The witness: every signed checkpoint is also appended to a file outside the database. Whoever can rewrite the
// database can delete checkpoints and cut the chain back to before them, and nothing left inside the database
// would tell; the witness still holds what was signed. It is only as independent as the place it is kept: a
// directory of its own, ideally on other storage or shipped off the machine.
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointStatement } from './audit-chain.js';

export const WITNESS_FILE = 'checkpoints.jsonl';
const LINE_TYPE = 'parcelguard.audit-checkpoint.v1';
/**
 * How much of the file's end `readTail` reads: about 150 lines, so the last ~150 checkpoints (150,000 entries at
 * the default policy) are compared with the database. The file only grows; verification must not.
 */
export const WITNESS_TAIL_BYTES = 64 * 1024;

export interface WitnessedCheckpoint extends CheckpointStatement {
  signature: string;
}

export interface WitnessTail {
  file: string;
  exists: boolean;
  /** The checkpoints read, in file order (several processes may append: not necessarily in sequence order). */
  checkpoints: WitnessedCheckpoint[];
  /** Lines that are not a witnessed checkpoint (a torn last line after a crash, or tampering). */
  unreadable: number;
}

/**
 * An append-only JSON-lines file, `<dir>/checkpoints.jsonl` (directory 0700, file 0600). Several processes may
 * append at once: each line is one write(2) on a descriptor opened with O_APPEND, so lines never interleave on
 * a local file system, and each is fsynced before `append` resolves.
 */
export class AuditWitness {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, WITNESS_FILE);
  }

  async append(checkpoint: WitnessedCheckpoint): Promise<void> {
    const createdDir = await this.ensureDir();
    const existed = await fs.stat(this.file).then(
      () => true,
      () => false,
    );
    const line = Buffer.from(`${witnessLine(checkpoint)}\n`);
    const handle = await fs.open(
      this.file,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
      0o600,
    );
    try {
      const { bytesWritten } = await handle.write(line, 0, line.length);
      if (bytesWritten !== line.length) throw new Error(`short write to ${this.file}`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A new file's name lives in the directory: make that durable too, or a power loss could lose the file.
    if (!existed) await syncDirectory(this.dir);
    if (createdDir) await syncDirectory(path.dirname(this.dir));
  }

  /** Reads the last WITNESS_TAIL_BYTES of the file (never the whole of it). */
  async readTail(maxBytes = WITNESS_TAIL_BYTES): Promise<WitnessTail> {
    const tail: WitnessTail = { file: this.file, exists: false, checkpoints: [], unreadable: 0 };
    let handle: FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return tail;
      throw error;
    }
    try {
      tail.exists = true;
      const { size } = await handle.stat();
      const start = Math.max(0, size - maxBytes);
      const buffer = Buffer.alloc(size - start);
      let read = 0;
      while (read < buffer.length) {
        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      const lines = buffer.subarray(0, read).toString('utf8').split('\n');
      if (start > 0) lines.shift(); // begins mid-line
      // After the last newline: '' normally, else a line being written right now or torn by a crash.
      if (lines.at(-1) === '') lines.pop();
      for (const text of lines) {
        const checkpoint = parseWitnessLine(text);
        if (checkpoint === null) tail.unreadable += 1;
        else tail.checkpoints.push(checkpoint);
      }
    } finally {
      await handle.close();
    }
    return tail;
  }

  private async ensureDir(): Promise<boolean> {
    const created = await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (created === undefined) return false;
    // mkdir's mode is cut by the umask; the witness is for the service account alone. A directory that already
    // existed is left as its owner set it.
    await fs.chmod(this.dir, 0o700);
    return true;
  }
}

export function witnessLine(checkpoint: WitnessedCheckpoint): string {
  return JSON.stringify({
    type: LINE_TYPE,
    fromSeq: checkpoint.fromSeq,
    toSeq: checkpoint.toSeq,
    merkleRoot: checkpoint.merkleRoot,
    headHash: checkpoint.headHash,
    signedAt: checkpoint.signedAt,
    keyId: checkpoint.keyId,
    signature: checkpoint.signature,
  });
}

export function parseWitnessLine(text: string): WitnessedCheckpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const line = value as Record<string, unknown>;
  const isCount = (field: unknown): field is number => Number.isSafeInteger(field) && (field as number) >= 0;
  const isText = (field: unknown): field is string => typeof field === 'string' && field.length > 0;
  if (
    line.type !== LINE_TYPE ||
    !isCount(line.fromSeq) ||
    !isCount(line.toSeq) ||
    line.fromSeq > line.toSeq ||
    !isText(line.merkleRoot) ||
    !isText(line.headHash) ||
    !isCount(line.signedAt) ||
    !isText(line.keyId) ||
    !isText(line.signature)
  ) {
    return null;
  }
  return {
    fromSeq: line.fromSeq,
    toSeq: line.toSeq,
    merkleRoot: line.merkleRoot,
    headHash: line.headHash,
    signedAt: line.signedAt,
    keyId: line.keyId,
    signature: line.signature,
  };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
