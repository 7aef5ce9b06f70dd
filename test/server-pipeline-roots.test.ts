import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, type TestServer } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

const V2 = '/apis/v2beta1';
/** A directory the tests ask for outside every allowed root; the old code created it (as root). */
const FORBIDDEN = `/etc/skiff-roots-test-${process.pid}-${Date.now()}`;
const SPEC = JSON.parse(
  pipeline('roots', { noop: { script: 'true' } }, { tasks: { noop: task('noop') } }),
) as Record<string, unknown>;

describe('file:// pipeline roots given through the API', () => {
  let server: TestServer;
  let outside: string;
  let extra: string;
  const root = () => join(server.home, 'artifacts');
  const runWithRoot = (pipelineRoot: string) =>
    callJson(server, 'POST', `${V2}/runs`, {
      display_name: 'r',
      pipeline_spec: SPEC,
      runtime_config: { pipeline_root: pipelineRoot },
    });
  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'skiff-roots-'));
    outside = join(base, 'outside');
    extra = join(base, 'extra');
    mkdirSync(outside);
    mkdirSync(extra);
    server = await startTestServer({ SKIFF_SERVER_PIPELINE_ROOTS: JSON.stringify([extra]) });
    // A link inside the allowed root that leads out of it.
    mkdirSync(root(), { recursive: true });
    symlinkSync(outside, join(root(), 'link'));
  });
  afterAll(async () => server?.close());

  it('refuses file:///etc/... with 400 naming the root, the allowed directories and the setting, and creates nothing', async () => {
    const answer = await runWithRoot(`file://${FORBIDDEN}`);
    const message = expectError(answer, 400, 'SKIFF_PIPELINE_ROOT_FORBIDDEN');
    expect(message).toContain(`runtime_config.pipeline_root "file://${FORBIDDEN}"`);
    expect(message).toContain(root());
    expect(message).toContain(extra);
    expect(message).toContain('server.pipelineRoots (set in env:SKIFF_SERVER_PIPELINE_ROOTS)');
    expect(String((answer.json.details as { metadata: { fix: string } }[])[0]?.metadata.fix)).toContain(
      'server.pipelineRoots',
    );
    expect(existsSync(FORBIDDEN)).toBe(false);
  });

  it.each([
    ['.. segments', (r: string) => `file://${r}/../../..${FORBIDDEN}`],
    ['percent-encoded .. segments', (r: string) => `file://${r}/%2e%2e/%2E%2E/%2e%2e${FORBIDDEN}`],
    ['a sibling that shares the prefix', (r: string) => `file://${r}-evil/x`],
    ['a link inside the root that leads out', (r: string) => `file://${r}/link/x`],
    ['localhost as the host', () => `file://localhost${FORBIDDEN}`],
    ["the server's home directory", () => 'file://~/skiff-roots-test'],
  ])('refuses a root that escapes the allowed ones by %s', async (_, make) => {
    const answer = await runWithRoot(make(root()));
    expectError(answer, 400, 'SKIFF_PIPELINE_ROOT_FORBIDDEN');
  });

  it.each([
    ['an encoded "/"', (r: string) => `file://${r}/..%2F..%2Fetc`, 'SKIFF_STORAGE_BAD_URI'],
    ['an upper-case scheme', () => `FILE://${FORBIDDEN}`, undefined],
    // Every path of the run is made by adding to the root: these would be cut at the "?" or "#".
    ['a query', (r: string) => `file://${r}/q?y`, 'SKIFF_STORAGE_BAD_URI'],
    ['a fragment', (r: string) => `file://${r}/h#frag`, 'SKIFF_STORAGE_BAD_URI'],
    ['a query that hides ..', (r: string) => `file://${r}/t?/../../../../outside-q`, 'SKIFF_STORAGE_BAD_URI'],
    ['an encoded NUL', (r: string) => `file://${r}/x%00y`, 'SKIFF_STORAGE_BAD_URI'],
    ['a control character', (r: string) => `file://${r}/x\ny`, 'SKIFF_STORAGE_BAD_URI'],
  ])('refuses a root with %s with a coded 400', async (_, make, code) => {
    const answer = await runWithRoot(make(root()));
    expect(answer.status, JSON.stringify(answer.json)).toBe(400);
    expect(String((answer.json.details as { reason: string }[])[0]?.reason)).toMatch(code ?? /^SKIFF_/);
    expect(existsSync(FORBIDDEN)).toBe(false);
  });

  it.each([
    ['a directory under the configured pipelineRoot', (r: string) => `file://${r}/team-a`],
    [
      'the configured pipelineRoot spelled with . and encoded characters',
      (r: string) => `file://${r}/./team%20b`,
    ],
    ['a directory of server.pipelineRoots', () => `file://${extra}/runs`],
  ])('accepts %s', async (_, make) => {
    const answer = await runWithRoot(make(root()));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  });

  it('refuses the same roots for a recurring run at creation', async () => {
    const answer = await callJson(server, 'POST', `${V2}/recurringruns`, {
      display_name: 'rr',
      pipeline_spec: SPEC,
      runtime_config: { pipeline_root: `file://${FORBIDDEN}` },
      trigger: { periodic_schedule: { interval_second: '3600' } },
      mode: 'DISABLE',
    });
    expectError(answer, 400, 'SKIFF_PIPELINE_ROOT_FORBIDDEN');
  });
});
