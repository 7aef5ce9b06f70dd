import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import type { ObjectStore } from './object-store.js';

/** A store under test and how to dispose of it. */
export interface ContractStore {
  readonly store: ObjectStore;
  cleanup(): Promise<void>;
}

/** Read a whole stream into a Buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isSkiffError(error) ? error.code : `not a SkiffError: ${String(error)}`;
  }
  return 'no error';
}

async function keys(store: ObjectStore, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const info of store.list(prefix)) found.push(info.key);
  return found;
}

/**
 * The behaviour every ObjectStore adapter must have, as vitest tests. Each adapter's test file
 * calls it with a factory that makes an empty store (file store, S3 against a local server, ...).
 */
export function objectStoreContract(name: string, makeStore: () => Promise<ContractStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let made: ContractStore;
    let store: ObjectStore;
    let scratch: string;

    beforeEach(async () => {
      made = await makeStore();
      store = made.store;
      scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-contract-'));
    });
    afterEach(async () => {
      await made.cleanup();
      await fs.rm(scratch, { recursive: true, force: true });
    });

    it('round-trips a string, a buffer and a multi-megabyte stream', async () => {
      await store.put('a/text.txt', 'héllo');
      await store.put('a/bytes.bin', new Uint8Array([0, 1, 2, 255]));
      const big = Buffer.alloc(5 * 1024 * 1024 + 17);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
      const chunks = Array.from({ length: 6 }, (_, i) => big.subarray(i * 1_000_000, (i + 1) * 1_000_000));
      await store.put('a/big.bin', Readable.from([...chunks, big.subarray(6_000_000)]));
      expect((await readAll(await store.get('a/text.txt'))).toString('utf8')).toBe('héllo');
      expect([...(await readAll(await store.get('a/bytes.bin')))]).toEqual([0, 1, 2, 255]);
      expect((await readAll(await store.get('a/big.bin'))).equals(big)).toBe(true);
    });

    it('reads a byte range with an inclusive start and exclusive end', async () => {
      await store.put('r.txt', '0123456789');
      expect((await readAll(await store.get('r.txt', { start: 2, end: 5 }))).toString()).toBe('234');
      expect((await readAll(await store.get('r.txt', { start: 7 }))).toString()).toBe('789');
      expect((await readAll(await store.get('r.txt', { start: 4, end: 4 }))).toString()).toBe('');
    });

    it('lists objects under a prefix recursively, in key order, with sizes', async () => {
      for (const key of ['b/2.txt', 'b/1.txt', 'b/sub/x.txt', 'bc/y.txt', 'a.txt', 'b.txt'])
        await store.put(key, key);
      expect(await keys(store, 'b/')).toEqual(['b/1.txt', 'b/2.txt', 'b/sub/x.txt']);
      expect(await keys(store, 'b')).toEqual(['b.txt', 'b/1.txt', 'b/2.txt', 'b/sub/x.txt', 'bc/y.txt']);
      expect(await keys(store, '')).toEqual([
        'a.txt',
        'b.txt',
        'b/1.txt',
        'b/2.txt',
        'b/sub/x.txt',
        'bc/y.txt',
      ]);
      expect(await keys(store, 'nothing/')).toEqual([]);
      const sizes: number[] = [];
      for await (const info of store.list('b/sub/')) sizes.push(info.sizeBytes);
      expect(sizes).toEqual(['b/sub/x.txt'.length]);
    });

    it('tells whether an object exists, and deletes it (deleting a missing object is fine)', async () => {
      await store.put('d/x.txt', 'x');
      expect(await store.exists('d/x.txt')).toBe(true);
      expect(await store.exists('d/missing.txt')).toBe(false);
      await store.delete('d/x.txt');
      expect(await store.exists('d/x.txt')).toBe(false);
      await store.delete('d/x.txt');
      await store.delete('never/was.txt');
      expect(await keys(store, 'd/')).toEqual([]);
    });

    it('replaces an object on overwrite', async () => {
      await store.put('o.txt', 'a much longer first version');
      await store.put('o.txt', 'short');
      expect((await readAll(await store.get('o.txt'))).toString()).toBe('short');
      expect(await keys(store, 'o')).toEqual(['o.txt']);
    });

    it('fails with SKIFF_STORAGE_NOT_FOUND for a missing object', async () => {
      expect(await errorCode(store.get('missing.txt'))).toBe('SKIFF_STORAGE_NOT_FOUND');
      expect(await errorCode(store.getPath('missing', path.join(scratch, 'out')))).toBe(
        'SKIFF_STORAGE_NOT_FOUND',
      );
    });

    it.each([
      ['a parent segment', '../escape.txt'],
      ['an inner parent segment', 'a/../../escape.txt'],
      ['an absolute path', '/etc/passwd'],
      ['a backslash', 'a\\b.txt'],
      ['a NUL character', 'a\0b.txt'],
      ['an empty key', ''],
    ])('rejects a key with %s with SKIFF_STORAGE_BAD_KEY', async (_what, key) => {
      expect(await errorCode(store.put(key, 'x'))).toBe('SKIFF_STORAGE_BAD_KEY');
      expect(await errorCode(store.get(key))).toBe('SKIFF_STORAGE_BAD_KEY');
      expect(await errorCode(store.delete(key))).toBe('SKIFF_STORAGE_BAD_KEY');
    });

    it('uploads and downloads a single file with putPath and getPath', async () => {
      const source = path.join(scratch, 'model.bin');
      await fs.writeFile(source, 'weights');
      await store.putPath('m/model.bin', source);
      expect((await readAll(await store.get('m/model.bin'))).toString()).toBe('weights');
      const copy = path.join(scratch, 'down', 'model.bin');
      await store.getPath('m/model.bin', copy);
      expect(await fs.readFile(copy, 'utf8')).toBe('weights');
    });

    it('uploads and downloads a directory tree with putPath and getPath', async () => {
      const source = path.join(scratch, 'dataset');
      await fs.mkdir(path.join(source, 'part', 'deep'), { recursive: true });
      await fs.writeFile(path.join(source, 'a.csv'), 'a');
      await fs.writeFile(path.join(source, 'part', 'deep', 'b.csv'), 'bb');
      await store.putPath('ds', source);
      expect(await keys(store, 'ds/')).toEqual(['ds/a.csv', 'ds/part/deep/b.csv']);
      const copy = path.join(scratch, 'copy');
      await store.getPath('ds', copy);
      expect(await fs.readFile(path.join(copy, 'a.csv'), 'utf8')).toBe('a');
      expect(await fs.readFile(path.join(copy, 'part', 'deep', 'b.csv'), 'utf8')).toBe('bb');
    });

    it('refuses to upload a path that is, or holds, a symbolic link out of itself (never follows it)', async () => {
      const linkToFile = path.join(scratch, 'shadow-link');
      await fs.symlink('/etc/passwd', linkToFile);
      expect(await errorCode(store.putPath('l/file', linkToFile))).toBe('SKIFF_OUTPUT_LINK');
      const linkToDir = path.join(scratch, 'etc-link');
      await fs.symlink('/etc', linkToDir);
      expect(await errorCode(store.putPath('l/dir', linkToDir))).toBe('SKIFF_OUTPUT_LINK');
      const holder = path.join(scratch, 'holder');
      await fs.mkdir(holder);
      await fs.writeFile(path.join(holder, 'ok.txt'), 'ok');
      await fs.symlink('/etc/passwd', path.join(holder, 'passwd'));
      expect(await errorCode(store.putPath('l/holder', holder))).toBe('SKIFF_OUTPUT_LINK');
      expect(await keys(store, 'l/')).toEqual([]);
    });
  });
}
