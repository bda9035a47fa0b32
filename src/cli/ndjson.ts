// NDJSON filters for the CLI contracts (`id check`, `screen`): one output line per input line, in order; a bad
// line answers for itself and never stops the stream. Output respects back-pressure.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * Applies `handle` to every line of `input` and writes its JSON answer to `output`. `handle` returns null to
 * skip a line (blank lines). Resolves with the number of lines answered.
 */
export async function mapNdjson(
  input: Readable,
  output: Writable,
  handle: (line: string) => object | null,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let answered = 0;
  let buffer = '';
  const flush = async () => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for await (const line of lines) {
    const answer = handle(line);
    if (answer === null) continue;
    buffer += `${JSON.stringify(answer)}\n`;
    answered += 1;
    if (buffer.length > 64 * 1024) await flush();
  }
  await flush();
  return answered;
}
