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

  const publishStaged = (staged: string, attemptDir: string, defaultUri: string, to: () => ObjectStore) =>
    publishOutputs(
      { out: [artifact(defaultUri)] },
      { stagedPaths: { out: staged }, defaultUris: { out: defaultUri }, attemptDir },
      to,
      newId,
    );

  it.each([
    ['a local store', () => store as ObjectStore],
    ['a store without local paths', () => remoteView(store)],
  ])('refuses an output directory holding a link out of it (ln -s /etc/passwd), for %s', async (_, to) => {
    const { attemptDir, defaultUri, staged } = await setup();
    await fs.mkdir(staged);
    await fs.writeFile(path.join(staged, 'ok.txt'), 'ok');
    await fs.symlink('/etc/passwd', path.join(staged, 'passwd-link'));
    const error = await publishStaged(staged, attemptDir, defaultUri, to).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_OUTPUT_LINK', kind: 'USER' });
    expect((error as Error).message).toContain('passwd-link');
    expect((error as Error).message).toContain('/etc/passwd');
    expect(existsSync(path.join(store.rootDir, 'run', 'task', 'out'))).toBe(false);
  });

  it('refuses a single-file output that is itself a link (to /etc/shadow)', async () => {
    const { attemptDir, defaultUri, staged } = await setup();
    await fs.symlink('/etc/shadow', staged);
    const error = await publishStaged(staged, attemptDir, defaultUri, () => store).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_OUTPUT_LINK' });
    expect((error as Error).message).toContain('/etc/shadow');
    const remote = await publishStaged(staged, attemptDir, defaultUri, () => remoteView(store)).catch(
      (e: unknown) => e,
    );
    expect(remote).toMatchObject({ code: 'SKIFF_OUTPUT_LINK' });
  });

  it('refuses a link whose target is a directory outside, or climbs out with ..', async () => {
    const { attemptDir, defaultUri, staged } = await setup();
    await fs.mkdir(path.join(staged, 'sub'), { recursive: true });
    await fs.symlink('../../../..', path.join(staged, 'sub', 'up'));
    const error = await publishStaged(staged, attemptDir, defaultUri, () => store).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_OUTPUT_LINK' });
    expect((error as Error).message).toContain('sub/up');
  });

  it('keeps a link that stays inside the artifact', async () => {
    const { attemptDir, defaultUri, staged } = await setup();
    await fs.mkdir(staged);
    await fs.writeFile(path.join(staged, 'data.csv'), 'a,b');
    await fs.symlink('data.csv', path.join(staged, 'latest.csv'));
    await publishStaged(staged, attemptDir, defaultUri, () => store);
    const published = path.join(store.rootDir, 'run', 'task', 'out');
    expect(readFileSync(path.join(published, 'latest.csv'), 'utf8')).toBe('a,b');
  });

  it("copies, never moves, a custom_path outside the attempt directory (the file is not the task's to give away)", async () => {
    const { attemptDir, defaultUri } = await setup();
    const custom = path.join(dir, 'users-own.txt');
    await fs.writeFile(custom, 'mine');
    await publishOutputs(
      { out: [artifact(defaultUri, { customPath: custom })] },
      { stagedPaths: {}, defaultUris: { out: defaultUri }, attemptDir },
      () => store,
      newId,
    );
    expect(readFileSync(custom, 'utf8')).toBe('mine');
    expect(readFileSync(path.join(store.rootDir, 'run', 'task', 'out'), 'utf8')).toBe('mine');
  });
});
