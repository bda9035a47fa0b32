// Bulk intake over HTTP: NDJSON lines in, one NDJSON answer per line out, in order. Each line is validated
// and taken in on its own (one line's problem never stops the stream); the response is written as the work
// goes, and reading pauses while the client is slow to read (back-pressure both ways).
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { toProblemBody } from '../http/problem.js';
import { contextOf } from '../http/server.js';
import { AppError } from '../platform/errors.js';
import { parseIntakeBody } from './intake-validation.js';

export interface BatchLineAnswer {
  line: number;
  status: number;
  waybillNo?: string;
  result?: unknown;
  problem?: unknown;
}

/** Takes in every line of `lines`, calling `answer` for each in order. Never throws for a bad line. */
export async function intakeLines(
  app: App,
  request: FastifyRequest,
  lines: AsyncIterable<string>,
  answer: (line: BatchLineAnswer) => Promise<void>,
): Promise<void> {
  const context = contextOf(request);
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const error = new AppError('malformed-json', `line ${number} is not valid JSON`, {
        errors: [{ path: '/body', message: 'is not valid JSON' }],
      });
      await answer({ line: number, status: error.status, problem: toProblemBody(request, error) });
      continue;
    }
    try {
      const result = await app.parcels.intake(context, parseIntakeBody(body));
      await answer({
        line: number,
        status: result.replayed ? 200 : 201,
        waybillNo: result.waybillNo,
        result,
      });
    } catch (error) {
      const appError =
        error instanceof AppError
          ? error
          : new AppError('internal', 'an internal error occurred; it has been logged');
      if (!(error instanceof AppError)) request.log.error({ err: error }, 'batch intake line failed');
      await answer({ line: number, status: appError.status, problem: toProblemBody(request, appError) });
    }
  }
}

export async function intakeBatch(app: App, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const input = request.body as Readable | undefined;
  if (input === undefined || typeof (input as Partial<Readable>).pipe !== 'function') {
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
