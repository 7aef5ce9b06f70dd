import { expect } from 'vitest';
import type { startTestServer } from './server.js';

/** A test server started by startTestServer. */
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Calls the API with a JSON body (when given) and returns the status and parsed JSON answer. */
export async function callJson(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : {
          method,
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        };
  const response = await server.request(path, init);
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Asserts a KFP-shaped error answer with this HTTP status and Skiff code; returns its message. */
export function expectError(
  answer: { status: number; json: Record<string, unknown> },
  status: number,
  code: string,
): string {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.json).toMatchObject({ details: [{ reason: code }] });
  return String(answer.json.message);
}

/** `?filter=` text for one predicate. */
export function filterParam(key: string, operation: string, value: Record<string, unknown>): string {
  return `filter=${encodeURIComponent(JSON.stringify({ predicates: [{ key, operation, ...value }] }))}`;
}

/** Uploads `text` as the multipart field `uploadfile` (as kfp.Client does) to `path`. */
export async function uploadFile(
  server: TestServer,
  path: string,
  text: string,
  fileName = 'pipeline.yaml',
  field = 'uploadfile',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const form = new FormData();
  form.append(field, new Blob([text], { type: 'application/octet-stream' }), fileName);
  const response = await server.request(path, { method: 'POST', body: form });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
