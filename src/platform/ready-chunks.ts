// Grouping a stream's items for group commit without waiting for company: a chunk holds what has already
// arrived (up to a maximum), so a slow sender still gets each answer as soon as its line is taken in.

const NOT_READY = Symbol('not ready');

/** Resolves after the I/O already due has been handled (lines already received are then buffered). */
function nextTurn(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}

/**
 * Yields the items of `source` in order, in chunks of 1..`max`: a chunk is cut when it is full or when the next
 * item has not arrived yet. The source is read only as fast as chunks are consumed (back-pressure).
 */
export async function* readyChunks<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  let finished = false;
  try {
    while (!finished) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done === true) {
        finished = true;
        return;
      }
      const chunk = [first.value];
      while (chunk.length < max) {
        const next = iterator.next();
        const ready = await Promise.race([next, nextTurn()]);
        if (ready === NOT_READY) {
          // Kept, not lost: the next chunk starts with it.
          pending = next;
          break;
        }
        if (ready.done === true) {
          finished = true;
          break;
        }
        chunk.push(ready.value);
      }
      yield chunk;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
