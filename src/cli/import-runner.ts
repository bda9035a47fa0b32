// The resumable import loop behind `parcelguard import`. Every line is taken in through the same service as
// POST /api/v1/parcels, IMPORT_CHUNK lines per durable transaction (group commit, each parcel in its own
// savepoint; the next chunk is stored while the last is made durable); the progress file records how many
// lines are done, written only after the chunk it counts is durable, so a re-run after a crash starts where it
// stopped and replays at most the last two chunks, which intake answers idempotently. The progress file also keeps
// every line that failed (malformed, or refused by intake) up to where it counts: a re-run does not read those
// lines again, so it reports them from there, and the import ends in failure until the file is dealt with: the
// lines fixed in place and the import run with `retryFailed`, which reads and judges those lines again (and only
// those of the lines already done).
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import type { App } from '../app.js';
import { csvRowToIntake, parseCsvHeader } from '../parcels/import-file.js';
import { countLines, ProgressLine } from './progress.js';
import { parseIntakeBody } from '../parcels/intake-validation.js';
import type { IntakeInput } from '../parcels/parcels.types.js';
import { cliContext } from '../people/actor.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { settle } from '../platform/outcome.js';
import { readyChunks } from '../platform/ready-chunks.js';

export interface ImportFailure {
  line: number;
  code: string;
  detail: string;
}

export interface ImportSummary {
  file: string;
  lines: number;
  skippedAsDone: number;
  takenIn: number;
  replayed: number;
  decisions: Record<string, number>;
  /** Every line of the file that failed, in this run or in an interrupted one before it. */
  failed: number;
  /** How many of those an earlier, interrupted run recorded (this run did not read those lines again). */
  failedEarlier: number;
  /** The numbers of every failed line, in file order. */
  failedLines: number[];
  /** The first MAX_FAILURE_DETAILS failures, in file order, with what was wrong. */
  failures: ImportFailure[];
}

/** What the progress file (`FILE.progress`) keeps between runs. */
interface ImportState {
  linesDone: number;
  failedLines: number[];
  failures: ImportFailure[];
}

/** Lines per transaction (and per progress-file write) unless told otherwise. */
const IMPORT_CHUNK = 500;
/** Failures reported (and kept in the progress file) with their detail; every failed line is counted. */
const MAX_FAILURE_DETAILS = 100;

export async function runImport(
  app: App,
  file: string,
  options: { courierId?: string; progress: boolean; batchSize?: number; retryFailed?: boolean },
): Promise<ImportSummary> {
  const progressFile = `${file}.progress`;
  const earlier = readState(progressFile);
  const done = earlier.linesDone;
  // Failed lines by line number: those of earlier runs, and this run's (a line is judged once, so none twice).
  // Retrying, the earlier ones are judged again as they are read: until then they stay failed.
  const failed = new Map<number, ImportFailure | null>();
  for (const line of earlier.failedLines) failed.set(line, null);
  for (const failure of earlier.failures) failed.set(failure.line, failure);
  const retrying = new Set(options.retryFailed === true ? failed.keys() : []);
  const progress = options.progress ? new ProgressLine('lines', countLines(file)) : null;
  const csv = file.toLowerCase().endsWith('.csv');
  const summary: ImportSummary = {
    file,
    lines: 0,
    skippedAsDone: 0,
    takenIn: 0,
    replayed: 0,
    decisions: {},
    failed: 0,
    failedEarlier: failed.size - retrying.size,
    failedLines: [],
    failures: [],
  };
  const context = cliContext(newId());
  let columns: string[] | null = null;
  let lineNumber = 0;
  const saveProgress = (linesDone: number) => {
    // Only the failures of lines the progress counts as done: a later line is read (and judged) again.
    const kept = [...failed].filter(([line]) => line <= linesDone);
    const state: ImportState & { updatedAt: string } = {
      linesDone,
      updatedAt: new Date().toISOString(),
      failedLines: kept.map(([line]) => line).sort((a, b) => a - b),
      failures: firstFailures(kept),
    };
    const temporary = `${progressFile}.tmp`;
    const fd = openSync(temporary, 'w');
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, progressFile);
  };
  const fail = (line: number, error: unknown) => {
    const code =
      error instanceof AppError ? error.code : error instanceof SyntaxError ? 'malformed-json' : 'internal';
    const detail = error instanceof Error ? error.message : String(error);
    failed.set(line, { line, code, detail });
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  // The chunk before the current one: counted and recorded once durable.
  let counted: Promise<void> = Promise.resolve();
  try {
    for await (const chunk of readyChunks(lines, options.batchSize ?? IMPORT_CHUNK)) {
      const intakes: { line: number; input: IntakeInput }[] = [];
      for (const text of chunk) {
        lineNumber += 1;
        if (csv && columns === null) {
          columns = parseCsvHeader(text);
          continue;
        }
        if (text.trim() === '') continue;
        summary.lines += 1;
        if (lineNumber <= done && !retrying.has(lineNumber)) {
          summary.skippedAsDone += 1;
          continue;
        }
        // A retried line is judged afresh: its earlier failure goes, and comes back only if it fails again.
        if (retrying.has(lineNumber)) failed.delete(lineNumber);
        try {
          const body = csv
            ? csvRowToIntake(columns!, text, options)
            : {
                ...(options.courierId === undefined ? {} : { courierId: options.courierId }),
                ...(JSON.parse(text) as object),
              };
          intakes.push({ line: lineNumber, input: parseIntakeBody(body) });
        } catch (error) {
          fail(lineNumber, error);
        }
      }
      // Stored while the chunk before is made durable; counted, and the progress file moved past it, only once
      // it is durable, in order. A failure of a transaction as a whole stops the import there: the progress file
      // still says where the last durable chunk ended, so a re-run retries from it (intake answers replays).
      const linesDone = lineNumber;
      const stored = settle(
        app.parcels.intakeMany(
          context,
          intakes.map((intake) => intake.input),
        ),
      );
      const before = counted;
      counted = before.then(async () => {
        const result = await stored;
        if (!result.ok) throw result.error;
        result.value.forEach((outcome, index) => {
          if (!outcome.ok) {
            fail(intakes[index]!.line, outcome.error);
            return;
          }
          if (outcome.value.replayed) summary.replayed += 1;
          else summary.takenIn += 1;
          summary.decisions[outcome.value.decision] = (summary.decisions[outcome.value.decision] ?? 0) + 1;
        });
        saveProgress(linesDone);
        progress?.update(linesDone);
      });
      await before;
    }
  } finally {
    // Whatever stopped the loop, the chunks already stored are counted (or their failure surfaces here).
    await counted;
  }
  saveProgress(lineNumber);
  progress?.finish(lineNumber);
  // A chunk's unreadable lines are noted before its intakes are answered: report them in file order.
  summary.failed = failed.size;
  summary.failedLines = [...failed.keys()].sort((a, b) => a - b);
  summary.failures = firstFailures([...failed]);
  return summary;
}

/** The failures with a detail, first lines first, at most MAX_FAILURE_DETAILS. */
function firstFailures(failed: [number, ImportFailure | null][]): ImportFailure[] {
  return failed
    .map(([, failure]) => failure)
    .filter((failure) => failure !== null)
    .sort((a, b) => a.line - b.line)
    .slice(0, MAX_FAILURE_DETAILS);
}

/** The progress file's state; none yet (or one written before failures were kept) counts as nothing failed. */
function readState(progressFile: string): ImportState {
  if (!existsSync(progressFile)) return { linesDone: 0, failedLines: [], failures: [] };
  const state = JSON.parse(readFileSync(progressFile, 'utf8')) as Partial<ImportState>;
  return {
    linesDone: Number(state.linesDone ?? 0),
    failedLines: Array.isArray(state.failedLines) ? state.failedLines.map(Number) : [],
    failures: Array.isArray(state.failures) ? state.failures : [],
  };
}
