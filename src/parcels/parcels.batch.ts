// Bulk intake over HTTP: NDJSON lines in, one NDJSON answer per line out, in order. Each line is validated
// and judged on its own (one line's problem never stops the stream). Lines already received are taken in
// together, up to BATCH_CHUNK in one durable transaction (group commit: one commit instead of one per parcel);
// the answers of a chunk are written once its commit is durable, while the next chunk is stored, and reading
// pauses while the client is slow to read (back-pressure both ways).
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblemBody } from '../http/problem.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import { settle } from '../platform/outcome.js';
import { readyChunks } from '../platform/ready-chunks.js';
import { parseIntakeBody } from './intake-validation.js';
import type { IntakeInput } from './parcels.types.js';

/** The most lines taken in by one transaction. */
export const BATCH_CHUNK = 500;

export interface BatchLineAnswer {
  line: number;
  status: number;
  waybillNo?: string;
  result?: unknown;
  problem?: unknown;
}

/** Takes in every line of `lines`, calling `answer` for each in order. Never throws for a bad line. */
export async function intakeLines(
  app: RouteServices<'parcels'>,
  request: FastifyRequest,
  lines: AsyncIterable<string>,
  answer: (line: BatchLineAnswer) => Promise<void>,
): Promise<void> {
  const context = contextOf(request);
  const problemAnswer = (line: number, error: unknown): BatchLineAnswer => {
    const appError =
      error instanceof AppError
        ? error
        : new AppError('internal', 'an internal error occurred; it has been logged');
    if (!(error instanceof AppError)) request.log.error({ err: error }, 'batch intake line failed');
    return { line, status: appError.status, problem: toProblemBody(request, appError) };
  };
  let number = 0;
  // The answers of the chunk before, written in order once it is durable. While a chunk's commit is being made
  // durable the next one is read and stored: at most two chunks are open at once.
  let answered: Promise<void> = Promise.resolve();
  try {
    for await (const chunk of readyChunks(lines, BATCH_CHUNK)) {
      // Each line's answer, or the intake it asks for (answered once the chunk's transaction is durable).
      const answers: (BatchLineAnswer | { line: number; input: IntakeInput })[] = [];
      for (const text of chunk) {
        number += 1;
        if (text.trim() === '') continue;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          const error = new AppError('malformed-json', `line ${number} is not valid JSON`, {
            errors: [{ path: '/body', message: 'is not valid JSON' }],
          });
          answers.push({ line: number, status: error.status, problem: toProblemBody(request, error) });
          continue;
        }
        try {
          answers.push({ line: number, input: parseIntakeBody(body) });
        } catch (error) {
          answers.push(problemAnswer(number, error));
        }
      }
      const intakes = answers.filter((entry) => 'input' in entry);
      // The chunk's transaction failing as a whole means none of its lines was stored: each says so.
      const stored = settle(
        app.parcels.intakeMany(
          context,
          intakes.map((entry) => entry.input),
        ),
      );
      const previous = answered;
      answered = previous.then(async () => {
        const result = await stored;
        const outcomes = result.ok ? result.value : undefined;
        const failure = result.ok ? undefined : result.error;
        let next = 0;
        for (const entry of answers) {
          if (!('input' in entry)) {
            await answer(entry);
            continue;
          }
          const outcome = outcomes?.[next];
          next += 1;
          if (outcome === undefined) await answer(problemAnswer(entry.line, failure));
          else if (outcome.ok)
            await answer({
              line: entry.line,
              status: outcome.value.replayed ? 200 : 201,
              waybillNo: outcome.value.waybillNo,
              result: outcome.value,
            });
          else await answer(problemAnswer(entry.line, outcome.error));
        }
      });
      await previous;
    }
  } finally {
    // Whatever stopped the loop, the chunks already stored are answered (or their failure surfaces here).
    await answered;
  }
}

export async function intakeBatch(
  app: RouteServices<'parcels'>,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const input = request.body as Readable | undefined;
  if (input === undefined || input === null || typeof (input as Partial<Readable>).pipe !== 'function') {
    throw new AppError('unsupported-media-type', 'send the batch as application/x-ndjson', {
      errors: [{ path: '/headers/content-type', message: 'must be application/x-ndjson' }],
    });
  }
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'x-request-id': request.id,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  try {
    await intakeLines(app, request, createInterface({ input, crlfDelay: Infinity }), async (line) => {
      if (!raw.write(`${JSON.stringify(line)}\n`)) await once(raw, 'drain');
    });
  } catch (error) {
    request.log.error({ err: error }, 'batch intake stopped');
    raw.write(
      `${JSON.stringify({ line: null, status: 500, problem: { code: 'internal', detail: 'the batch stopped; lines answered above are done, re-send the rest' } })}\n`,
    );
  }
  raw.end();
}
