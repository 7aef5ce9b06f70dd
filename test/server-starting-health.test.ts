import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { type RunningServer, startServer } from '../src/server/index.js';
import { freePort } from './support/s3-servers.js';
import { leaseAsKilledServer } from './support/server.js';

// A restarted server waits for the lease of the server before it (killed, so not renewing); it
// answers health at once meanwhile: 503 with a JSON reason, and nothing else until it is ready.

const TTL_MS = 4000;
const started: RunningServer[] = [];
afterAll(async () => {
  for (const server of started) await server.close();
});

describe('a server waiting for the lease of a killed server', () => {
  it('answers /healthz at once with 503 and the reason, other calls 503, then 200 once it holds the lease', async () => {
    const home = mkdtempSync(join(tmpdir(), 'skiff-starting-'));
    const url = `sqlite://${join(home, 'skiff.db')}`;
    expect(await leaseAsKilledServer(url, TTL_MS)).toBe(true);
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', HOME: home, SKIFF_HOME: home };
    const loaded = await loadConfig({
      env,
      cwd: home,
      flags: { values: { 'server.port': { value: port, flag: '--port' } } },
    });
    const since = Date.now();
    const starting = startServer(loaded, env, { leaseTtlMs: TTL_MS, shutdownGraceMs: 100 });
    starting.then((server) => started.push(server)).catch(() => undefined);

    // Every answer while it waits is 503 "starting"; the reason soon names the server it waits for.
    const answers: { status: number; body: { status: string; reason: string } }[] = [];
    while (Date.now() - since < 3000 && !answers.at(-1)?.body.reason.includes('a server that was killed')) {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (health !== undefined) answers.push({ status: health.status, body: (await health.json()) as never });
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(answers.length, 'no answer within 3 s').toBeGreaterThan(0);
    expect(Date.now() - since).toBeLessThan(TTL_MS);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe('starting');
    }
    expect(answers.at(-1)!.body.reason).toContain('a server that was killed');
    const other = await fetch(`http://127.0.0.1:${port}/apis/v2beta1/runs`);
    expect(other.status).toBe(503);
    expect(((await other.json()) as { details: { reason: string }[] }).details[0]!.reason).toBe(
      'SKIFF_SERVER_STARTING',
    );

    const server = await starting;
    const ready = await fetch(`${server.url}/healthz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ok');
  }, 30_000);
});
