import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Answer = { status: number; json: Record<string, unknown>; allow: string | null };

const TOKEN = 'token-for-http-semantics';
const V2 = '/apis/v2beta1';

describe('HTTP semantics of skiff server: methods, media types, empty bodies, the bearer scheme', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer({ SKIFF_SERVER_AUTH_TOKEN: TOKEN });
  });
  afterAll(async () => server?.close());

  async function call(path: string, init: RequestInit = {}, auth = `Bearer ${TOKEN}`): Promise<Answer> {
    const headers = { ...(auth === '' ? {} : { authorization: auth }), ...(init.headers ?? {}) };
    const response = await server.request(path, { ...init, headers });
    const text = await response.text();
    return {
      status: response.status,
      json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      allow: response.headers.get('allow'),
    };
  }
  const json = (method: string, body: string, type = 'application/json') => ({
    method,
    headers: { 'content-type': type },
    body,
  });

  it('answers 405 with Allow for a known path asked with a method it does not take, 404 for an unknown path', async () => {
    const put = await call(`${V2}/runs`, json('PUT', '{}'));
    expect(expectError(put, 405, 'SKIFF_API_METHOD_NOT_ALLOWED')).toContain(
      `${V2}/runs takes GET, HEAD, POST, not PUT`,
    );
    expect(put.allow).toBe('GET, HEAD, POST');
    const patch = await call(`${V2}/runs/some-id`, { method: 'PATCH' });
    expectError(patch, 405, 'SKIFF_API_METHOD_NOT_ALLOWED');
    expect(patch.allow).toContain('DELETE');
    expect((await call(`${V2}/experiments/`, { method: 'DELETE' })).status).toBe(405);
    expectError(await call(`${V2}/nothing-here`, { method: 'PUT' }), 404, 'SKIFF_API_NOT_FOUND');
  });

  it('answers 415 for a body the API does not read: a form, plain text, compressed JSON', async () => {
    const form = await call(`${V2}/experiments`, json('POST', 'a=b', 'application/x-www-form-urlencoded'));
    expect(expectError(form, 415, 'SKIFF_API_UNSUPPORTED_MEDIA')).toContain(
      '"application/x-www-form-urlencoded"',
    );
    expectError(
      await call(`${V2}/experiments`, json('POST', '{}', 'text/plain')),
      415,
      'SKIFF_API_UNSUPPORTED_MEDIA',
    );
    const gzip = await call(`${V2}/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ display_name: 'zipped' })),
    });
    expect(expectError(gzip, 415, 'SKIFF_API_UNSUPPORTED_MEDIA')).toContain('Content-Encoding: gzip');
  });

  it('takes an empty body sent as application/json as no body on actions that take none', async () => {
    const created = await call(
      `${V2}/experiments`,
      json('POST', JSON.stringify({ display_name: 'empty-body' })),
    );
    expect(created.status).toBe(200);
    const id = String(created.json.experiment_id);
    expect((await call(`${V2}/experiments/${id}:archive`, json('POST', ''))).status).toBe(200);
    expect((await call(`${V2}/experiments/${id}:unarchive`, json('POST', '  '))).status).toBe(200);
    expect((await call(`${V2}/experiments/${id}`, json('DELETE', ''))).status).toBe(200);
    // A route that needs a body still says so.
    expectError(await call(`${V2}/experiments`, json('POST', '')), 400, 'SKIFF_API_BAD_REQUEST');
  });

  it('names a refused "__proto__" key instead of calling the body bad JSON', async () => {
    const poisoned = await call(
      `${V2}/experiments`,
      json('POST', '{"display_name":"x","__proto__":{"a":1}}'),
    );
    expect(expectError(poisoned, 400, 'SKIFF_API_BAD_REQUEST')).toMatch(/has a "__proto__" key/);
    const broken = await call(`${V2}/experiments`, json('POST', '{"display_name": '));
    expect(expectError(broken, 400, 'SKIFF_API_BAD_REQUEST')).toMatch(/not valid JSON/);
  });

  it('takes the bearer scheme in any case (RFC 7235) and leaves /healthz open with or without a slash', async () => {
    expect((await call(`${V2}/experiments`, {}, `bearer ${TOKEN}`)).status).toBe(200);
    expect((await call(`${V2}/experiments`, {}, `BEARER  ${TOKEN} `)).status).toBe(200);
    expectError(await call(`${V2}/experiments`, {}, 'Bearer wrong'), 401, 'SKIFF_API_UNAUTHENTICATED');
    expectError(await call(`${V2}/experiments`, {}, TOKEN), 401, 'SKIFF_API_UNAUTHENTICATED');
    expectError(await call(`${V2}/experiments`, {}, ''), 401, 'SKIFF_API_UNAUTHENTICATED');
    expect((await call('/healthz', {}, '')).status).toBe(200);
    expect((await call('/healthz/', {}, '')).status).toBe(200);
  });
});
