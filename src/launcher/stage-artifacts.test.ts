import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactValue } from '../metadata/records.js';
import { FileObjectStore } from '../storage/file/file-object-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import { pathToFileUri } from '../storage/uri.js';
import type { CollectedArtifact } from './collect-outputs.js';
import { publishOutputs, stageInputs } from './stage-artifacts.js';

let dir: string;
let store: FileObjectStore;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-stage-'));
  store = new FileObjectStore(path.join(dir, 'root'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The same file store seen through the port without `localPath`, as a remote store is. */
function remoteView(inner: FileObjectStore): ObjectStore {
  return {
    rootUri: inner.rootUri,
    put: (k, b) => inner.put(k, b),
    get: (k, r) => inner.get(k, r),
    list: (p) => inner.list(p),
    exists: (k) => inner.exists(k),
    delete: (k) => inner.delete(k),
    putPath: (k, p) => inner.putPath(k, p),
    getPath: (k, p) => inner.getPath(k, p),
  };
}

const type = { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' };
const value = (uri: string): ArtifactValue => ({ id: 'a1', name: 'data', uri, ...type, metadata: { n: 1 } });
const artifact = (uri: string, extra: Partial<CollectedArtifact> = {}): CollectedArtifact => ({
  name: 'out',
  uri,
  type,
  metadata: {},
  ...extra,
});
let ids = 0;
const newId = () => `id-${++ids}`;

describe('stageInputs', () => {
  it('uses local stores in place and lists every artifact for the executor input', async () => {
    await store.put('p/data', 'x');
    const staged = await stageInputs(
      { data: [value(`${store.rootUri}/p/data`)] },
      path.join(dir, 'inputs'),
      () => store,
    );
    expect(staged.paths).toEqual({ data: path.join(store.rootDir, 'p', 'data') });
    expect(staged.uriPaths).toEqual({ [`${store.rootUri}/p/data`]: path.join(store.rootDir, 'p', 'data') });
    expect(staged.artifacts.data?.artifacts[0]).toEqual({
      name: 'data',
      uri: `${store.rootUri}/p/data`,
      type,
      metadata: { n: 1 },
    });
  });

  it('downloads from stores without local paths into the inputs directory', async () => {
    await store.put('p/dir/a.txt', 'a');
    const staged = await stageInputs(
      { data: [value(`${store.rootUri}/p/dir`)] },
      path.join(dir, 'inputs'),
      () => remoteView(store),
    );
    expect(staged.paths.data).toBe(path.join(dir, 'inputs', 'data', '0', 'dir'));
    expect(readFileSync(path.join(staged.paths.data!, 'a.txt'), 'utf8')).toBe('a');
  });
});

describe('publishOutputs', () => {
  const setup = async () => {
    const attemptDir = path.join(dir, 'work', '1');
    await fs.mkdir(path.join(attemptDir, 'artifacts'), { recursive: true });
    const defaultUri = `${store.rootUri}/run/task/out`;
    return { attemptDir, defaultUri, staged: path.join(attemptDir, 'artifacts', 'out') };
  };

  it('moves a staged artifact into a local store', async () => {
    const { attemptDir, defaultUri, staged } = await setup();
    await fs.writeFile(staged, 'content');
    const out = await publishOutputs(
      { out: [artifact(defaultUri)] },
      { stagedPaths: { out: staged }, defaultUris: { out: defaultUri }, attemptDir },
      () => store,
      newId,
    );
    expect(out.out?.[0]).toMatchObject({ uri: defaultUri, schemaTitle: 'system.Dataset' });
    expect(readFileSync(path.join(store.rootDir, 'run', 'task', 'out'), 'utf8')).toBe('content');
    expect(existsSync(staged)).toBe(false);
  });

  it('uploads a staged directory to a store without local paths', async () => {
    const { attemptDir, defaultUri, staged } = await setup();
    await fs.mkdir(staged);
    await fs.writeFile(path.join(staged, 'f'), 'f');
    await publishOutputs(
      { out: [artifact(defaultUri)] },
      { stagedPaths: { out: staged }, defaultUris: { out: defaultUri }, attemptDir },
      () => remoteView(store),
      newId,
    );
    expect(readFileSync(path.join(store.rootDir, 'run', 'task', 'out', 'f'), 'utf8')).toBe('f');
  });

  it('publishes content left inside the attempt directory (dsl.get_uri) at the default URI', async () => {
    const { attemptDir, defaultUri } = await setup();
    const inside = path.join(attemptDir, 'model dir');
    await fs.writeFile(inside, 'm');
    const out = await publishOutputs(
      { out: [artifact(pathToFileUri(inside))] },
      { stagedPaths: {}, defaultUris: { out: defaultUri }, attemptDir },
      () => store,
      newId,
    );
    expect(out.out?.[0]?.uri).toBe(defaultUri);
    expect(readFileSync(path.join(store.rootDir, 'run', 'task', 'out'), 'utf8')).toBe('m');
  });

  it('takes the content from custom_path, keeping the URI', async () => {
    const { attemptDir, defaultUri } = await setup();
    const custom = path.join(dir, 'custom.txt');
    await fs.writeFile(custom, 'c');
    const out = await publishOutputs(
      { out: [artifact(defaultUri, { customPath: custom })] },
      { stagedPaths: {}, defaultUris: { out: defaultUri }, attemptDir },
      () => store,
      newId,
    );
    expect(out.out?.[0]?.uri).toBe(defaultUri);
    expect(readFileSync(path.join(store.rootDir, 'run', 'task', 'out'), 'utf8')).toBe('c');
  });

  it('records an artifact that was never written, without uploading anything', async () => {
    const { attemptDir, defaultUri, staged } = await setup();
    const out = await publishOutputs(
      { out: [artifact(defaultUri)] },
      { stagedPaths: { out: staged }, defaultUris: { out: defaultUri }, attemptDir },
      () => store,
      newId,
    );
    expect(out.out).toHaveLength(1);
    expect(existsSync(path.join(store.rootDir, 'run'))).toBe(false);
  });
});
