// unwrap: an answer's data, its problem as an ApiError, and no answer at all as `unreachable` (status 0, which the
// console's queries retry, unlike a 4xx).
import { describe, expect, it } from 'vitest';
import { unwrap } from './client';
import { ApiError } from './problem';

const answered = (status: number, body: { data?: unknown; error?: unknown }) =>
  Promise.resolve({ ...body, response: new Response(null, { status }) });

describe('unwrap', () => {
  it('gives the data of a 2xx answer', async () => {
    expect(await unwrap(answered(200, { data: { id: 'x' } }))).toEqual({ id: 'x' });
  });

  it('throws the problem of an error answer as an ApiError', async () => {
    const problem = { status: 409, code: 'conflict', detail: 'the case is closed' };
    const thrown = await unwrap(answered(409, { error: problem })).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).problem).toEqual(problem);
  });

  it('throws `unreachable` (status 0) when fetch got no answer, and lets an abort through as it is', async () => {
    const offline = await unwrap(Promise.reject(new TypeError('Failed to fetch'))).catch(
      (error: unknown) => error,
    );
    expect(offline).toBeInstanceOf(ApiError);
    expect(offline).toMatchObject({ status: 0, code: 'unreachable' });

    const abort = new DOMException('The user aborted a request.', 'AbortError');
    expect(await unwrap(Promise.reject(abort)).catch((error: unknown) => error)).toBe(abort);
  });
});
