// The resumable import loop behind `parcelguard import`. Every line is taken in through the same service as
// POST /api/v1/parcels, IMPORT_CHUNK lines per durable transaction (group commit, each parcel in its own
// savepoint; the next chunk is stored while the last is made durable); the progress file records how many
// lines are done, written only after the chunk it counts is durable, so a re-run after a crash starts where it
// stopped and replays at most the last two chunks, which intake answers idempotently.
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

export interface ImportSummary {
  file: string;
  lines: number;
  skippedAsDone: number;
  takenIn: number;
  replayed: number;
  decisions: Record<string, number>;
  failed: number;
  failures: { line: number; code: string; detail: string }[];
}

/** Lines per transaction (and per progress-file write) unless told otherwise. */
const IMPORT_CHUNK = 500;

export async function runImport(
  app: App,
  file: string,
  options: { courierId?: string; progress: boolean; batchSize?: number },
): Promise<ImportSummary> {
  const progressFile = `${file}.progress`;
  const done = existsSync(progressFile)
    ? Number((JSON.parse(readFileSync(progressFile, 'utf8')) as { linesDone?: number }).linesDone ?? 0)
    : 0;
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
    failures: [],
  };
  const context = cliContext(newId());
  let columns: string[] | null = null;
  let lineNumber = 0;
  const saveProgress = (linesDone: number) => {
    const temporary = `${progressFile}.tmp`;
    const fd = openSync(temporary, 'w');
    writeSync(fd, JSON.stringify({ linesDone, updatedAt: new Date().toISOString() }));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, progressFile);
  };
  const fail = (line: number, error: unknown) => {
    summary.failed += 1;
    const code =
      error instanceof AppError ? error.code : error instanceof SyntaxError ? 'malformed-json' : 'internal';
    const detail = error instanceof Error ? error.message : String(error);
    if (summary.failures.length < 100) summary.failures.push({ line, code, detail });
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
        if (lineNumber <= done) {
          summary.skippedAsDone += 1;
          continue;
        }
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
  summary.failures.sort((a, b) => a.line - b.line);
  return summary;
}
