import { currentToken, markTokenRefused } from '../auth/token';
import { ApiError, errorFromBody, unreachable } from './api-error';

/** Query parameters; undefined values are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  readonly query?: Query;
  /** Sent as JSON, or as is when FormData. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** `path` with `query` appended (relative to the page, so a path prefix in front of Skiff works). */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  const relative = path.startsWith('/') ? path.slice(1) : path;
  return search === '' ? relative : `${relative}?${search}`;
}

/** Headers for every API call: the bearer token when one was given. */
export function authHeaders(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const token = currentToken();
  if (token === undefined || 'authorization' in extra) return { ...extra };
  return { ...extra, authorization: `Bearer ${token}` };
}

/** Fetch an API path; a non-2xx answer throws ApiError (401 also asks the app for a token). */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = 'GET', query, body, headers = {}, signal } = options;
  const sentToken = currentToken();
  const init: RequestInit = { method, headers: authHeaders(headers) };
  if (signal !== undefined) init.signal = signal;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw unreachable(path, error);
  }
  if (response.ok) return response;
  const error = errorFromBody(response.status, await response.text().catch(() => ''));
  if (response.status === 401) markTokenRefused(sentToken);
  throw error;
}

/** An API call answering JSON. */
export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  const text = await response.text();
  if (text === '') return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'SKIFF_UI_BAD_ANSWER', `${path} answered text that is not JSON`);
  }
}

/** Bytes of a resource as an object URL (images, downloads): the token cannot ride on an <img> or <a>. */
export async function apiObjectUrl(path: string, options: RequestOptions = {}): Promise<string> {
  const response = await apiFetch(path, options);
  return URL.createObjectURL(await response.blob());
}

/** Save a resource under `filename` through a temporary link (the token goes in the header). */
export async function apiDownload(path: string, filename: string, query: Query = {}): Promise<void> {
  const url = await apiObjectUrl(path, { query });
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
