import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { startTestServer } from './support/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

await onEachMetadataStore('skiff server basics over real HTTP', 'basics_api', basicsSuite);

function basicsSuite(store: string, env: StoreEnv): void {
  describe(`skiff server basics over real HTTP (${store})`, () => {
    let server: Server;
    beforeAll(async () => {
      server = await startTestServer(await env());
    });
    afterAll(async () => server?.close());

    it('answers KFP healthz and its own /healthz with each dependency', async () => {
      const kfp = await server.request('/apis/v2beta1/healthz');
      expect(kfp.status).toBe(200);
      expect(await kfp.json()).toMatchObject({ multi_user: false });
      const own = await server.request('/healthz');
      expect(own.status).toBe(200);
      expect(await own.json()).toMatchObject({ status: 'ok', checks: { metadata: { state: 'ok' } } });
    });

    it('answers /apis/v2/ (newer kfp.Client) as /apis/v2beta1/', async () => {
      const response = await server.request('/apis/v2/healthz');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ multi_user: false });
    });

    it('answers an unknown route with 404 and a KFP-shaped error body', async () => {
      const response = await server.request('/apis/v2beta1/nothing-here');
      expect(response.status).toBe(404);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ code: 5, details: [{ reason: 'SKIFF_API_NOT_FOUND' }] });
      expect(String(body.message)).toContain('/apis/v2beta1/nothing-here');
    });
  });
}

describe('skiff server with server.authToken', () => {
  let server: Server;
  const token = 'a-long-enough-test-token';
  beforeAll(async () => {
    server = await startTestServer({ SKIFF_SERVER_AUTH_TOKEN: token });
  });
  afterAll(async () => server?.close());

  it('refuses API calls without the bearer token (401) and accepts them with it', async () => {
    const without = await server.request('/apis/v2beta1/healthz');
    expect(without.status).toBe(401);
    expect(await without.json()).toMatchObject({
      code: 16,
      details: [{ reason: 'SKIFF_API_UNAUTHENTICATED' }],
    });
    const wrong = await server.request('/apis/v2beta1/healthz', {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const right = await server.request('/apis/v2beta1/healthz', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(right.status).toBe(200);
  });

  it('leaves /healthz open for liveness probes', async () => {
    expect((await server.request('/healthz')).status).toBe(200);
  });
});
