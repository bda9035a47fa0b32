// Files the API answers behind the bearer token (evidence, a report's package and PDF). A link cannot carry the
// Authorization header, so the file is fetched with the session token and saved through a blob URL.
import { sessionToken } from '../../api/client';
import { ApiError, isProblem } from '../../api/problem';

export interface Fetched {
  blob: Blob;
  /** The SHA-256 the server re-checked the bytes against (evidence downloads). */
  sha256: string | null;
}

/** GETs a file with the session token; a refusal is thrown as the ApiError of its problem. */
export async function fetchFile(url: string): Promise<Fetched> {
  const token = sessionToken.get();
  const response = await fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(
      isProblem(body) ? body : { status: response.status, code: 'http-error', detail: response.statusText },
    );
  }
  return { blob: await response.blob(), sha256: response.headers.get('x-content-sha256') };
}

/** Hands a blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches and saves in one step; answers what was fetched. */
export async function downloadFile(url: string, name: string): Promise<Fetched> {
  const fetched = await fetchFile(url);
  saveBlob(fetched.blob, name);
  return fetched;
}

/** A file's bytes as base64 (the evidence body carries files so, in JSON). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + chunk));
  }
  return btoa(binary);
}

/** The problem's detail (or its first field message), for an alert. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.problem.errors?.[0];
    const detail = error.problem.detail ?? error.problem.title ?? error.problem.code;
    return field === undefined || field.message === detail
      ? detail
      : `${detail} (${field.path}: ${field.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}
