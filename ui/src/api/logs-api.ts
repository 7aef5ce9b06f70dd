import { currentToken, markTokenRefused } from '../auth/token';
import { parseContentRange } from '../logs/content-range';
import { errorFromBody, unreachable } from './api-error';
import { apiJson, apiUrl, authHeaders } from './client';
import type { Attempt } from './skiff-types';

/** `GET /runs/{run}/tasks/{task}/logs` of the Skiff API (a task id or path). */
export const logPath = (runId: string, taskId: string) =>
  `/apis/skiff/v1/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}/logs`;

/**
 * Bytes of a log read with a `Range` header (where they start and the log's size), the log's size
 * when the range lay past its end (416), or the last bytes asked with `tail=N` (size unknown).
 */
export type LogRangeAnswer =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly start: number; readonly size: number }
  | { readonly kind: 'past-end'; readonly size: number }
  | { readonly kind: 'tail'; readonly bytes: Uint8Array };

/**
 * Read `range` of an attempt's log: `bytes=a-b` or `bytes=-n` (a Range header), or `tail=N` (the last
 * N bytes with `tail_bytes`, answered 200 even for an empty log, which any Range would get a 416
 * for). A 416 is an answer (the log is not that long yet), not an error; a server that ignores
 * Range (200) answers the whole log from byte 0.
 */
export async function fetchLogRange(
  runId: string,
  taskId: string,
  attempt: number,
  range: string,
  signal: AbortSignal,
): Promise<LogRangeAnswer> {
  const path = logPath(runId, taskId);
  const tail = /^tail=(\d+)$/.exec(range)?.[1];
  const query = tail === undefined ? { attempt } : { attempt, tail_bytes: tail };
  let response: Response;
  const sentToken = currentToken();
  try {
    const headers = authHeaders(tail === undefined ? { range } : {});
    response = await fetch(apiUrl(path, query), { headers, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw unreachable(path, error);
  }
  const header = parseContentRange(response.headers.get('content-range'));
  if (response.status === 416 && header !== undefined) return { kind: 'past-end', size: header.size };
  if (!response.ok) {
    if (response.status === 401) markTokenRefused(sentToken);
    throw errorFromBody(response.status, await response.text().catch(() => ''));
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (tail !== undefined) return { kind: 'tail', bytes };
  if (response.status === 206 && header?.kind === 'bytes') {
    return { kind: 'bytes', bytes, start: header.start, size: header.size };
  }
  return { kind: 'bytes', bytes, start: 0, size: bytes.length };
}

/** Every attempt of a task: `GET /runs/{run}/tasks/{task}/attempts`. */
export interface AttemptsAnswer {
  readonly task_id: string;
  readonly task_path: string;
  readonly max_attempts: number | null;
  readonly attempts: readonly Attempt[];
}

/** Every attempt of a task, earlier retries of the run included. */
export function fetchAttempts(runId: string, taskId: string, signal?: AbortSignal): Promise<AttemptsAnswer> {
  const path = `/apis/skiff/v1/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}/attempts`;
  return apiJson<AttemptsAnswer>(path, signal === undefined ? {} : { signal });
}

/** `GET /runs/{run}/tasks/{task}/logs/search`: every line of an attempt's whole log that holds the text. */
export interface LogSearchAnswer {
  readonly attempt: number;
  readonly size: number;
  readonly searched_bytes: number;
  readonly capped: boolean;
  /** Line number (1 is the first), where the line starts (byte offset), where in its shown text. */
  readonly matches: readonly { readonly line: number; readonly offset: number; readonly start: number }[];
}

/** Search an attempt's whole log on the server (case ignored, ANSI codes left out). */
export function fetchLogSearch(
  runId: string,
  taskId: string,
  attempt: number,
  q: string,
  signal?: AbortSignal,
): Promise<LogSearchAnswer> {
  return apiJson<LogSearchAnswer>(`${logPath(runId, taskId)}/search`, {
    query: { attempt, q },
    ...(signal === undefined ? {} : { signal }),
  });
}
