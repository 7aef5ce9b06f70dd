import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRun } from '../src/metadata/contract/fixtures.js';
import type { ArtifactRecord } from '../src/metadata/records.js';
import { startTestServer, type TestServer } from './support/server.js';

// The artifact API serves files only from where artifacts may be (server.fileRoots: by default the
// pipeline root and home) and never through a symbolic link out of an artifact, whoever made it.

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const outside = mkdtempSync(join(tmpdir(), 'skiff-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'not for the API');

async function serverWithArtifacts(env: Record<string, string> = {}) {
  const server = await startTestServer(env);
  servers.push(server);
  const root = join(server.home, 'artifacts');
  const data = join(root, 'r1', 'produce', 'data');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'ok.txt'), 'ok');
  symlinkSync('/etc/passwd', join(data, 'passwd-link'));
  symlinkSync('ok.txt', join(data, 'latest'));
  symlinkSync('/etc/passwd', join(root, 'r1', 'produce', 'single'));
  await server.services.metadata.runs.create(
    makeRun({ id: 'r1', state: 'SUCCEEDED', pipelineRoot: `file://${root}` }),
  );
  const artifact = (id: string, uri: string): ArtifactRecord => ({
    id,
    name: id,
    uri,
    schemaTitle: 'system.Dataset',
    schemaVersion: '0.0.1',
    metadata: {},
    runId: 'r1',
    producerTaskId: null,
    createdAtMs: Date.now(),
  });
  for (const record of [
    artifact('data', `file://${data}`),
    artifact('single', `file://${root}/r1/produce/single`),
    artifact('import-passwd', 'file:///etc/passwd'),
    artifact('import-outside', `file://${outside}/secret.txt`),
    artifact('import-home', `file://${server.home}`),
  ])
    await server.services.metadata.artifacts.create(record);
  return server;
}

async function get(server: TestServer, path: string) {
  const response = await server.request(path);
  return { status: response.status, text: await response.text() };
}

describe('GET /apis/skiff/v1/artifacts/{id} on local files', () => {
  it('serves an artifact under the pipeline root, and a link that stays inside it', async () => {
    const server = await serverWithArtifacts();
    const listing = await get(server, '/apis/skiff/v1/artifacts/data');
    expect(listing.status).toBe(200);
    expect(JSON.parse(listing.text).files.map((f: { path: string }) => f.path)).toEqual(['ok.txt']);
    expect(await get(server, '/apis/skiff/v1/artifacts/data?path=ok.txt')).toEqual({
      status: 200,
      text: 'ok',
    });
    expect(await get(server, '/apis/skiff/v1/artifacts/data?path=latest')).toEqual({
      status: 200,
      text: 'ok',
    });
  });

  it.each([
    [
      'a link out of a directory artifact',
      '/apis/skiff/v1/artifacts/data?path=passwd-link',
      'leads out of the artifact',
    ],
    ['a single-file artifact that is a link', '/apis/skiff/v1/artifacts/single', 'leads out of the artifact'],
    ['an importer of file:///etc/passwd', '/apis/skiff/v1/artifacts/import-passwd', 'server.fileRoots'],
    ['a file outside every file root', '/apis/skiff/v1/artifacts/import-outside', 'server.fileRoots'],
    [
      'the metadata store inside a directory artifact (naming the file, with no fix that could not help)',
      '/apis/skiff/v1/artifacts/import-home?path=skiff.db',
      'skiff.db in artifact file://',
    ],
  ])('refuses %s with 403 SKIFF_ARTIFACT_FORBIDDEN, serving none of it', async (_, path, why) => {
    const server = await serverWithArtifacts();
    const { status, text } = await get(server, path);
    expect(status).toBe(403);
    expect(JSON.parse(text).details[0].reason).toBe('SKIFF_ARTIFACT_FORBIDDEN');
    expect(text).toContain(why);
    expect(text).not.toContain('root:x:0');
    expect(text).not.toContain('not for the API');
    if (path.includes('skiff.db'))
      expect(JSON.parse(text).details[0].metadata.fix).not.toContain('fileRoots');
  });

  it('serves a directory that server.fileRoots names', async () => {
    const server = await serverWithArtifacts({ SKIFF_SERVER_FILE_ROOTS: JSON.stringify([outside]) });
    expect(await get(server, '/apis/skiff/v1/artifacts/import-outside')).toEqual({
      status: 200,
      text: 'not for the API',
    });
    // Naming roots replaces the defaults: /etc stays out.
    expect((await get(server, '/apis/skiff/v1/artifacts/import-passwd')).status).toBe(403);
  });
});
