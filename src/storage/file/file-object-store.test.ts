import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { objectStoreContract, readAll } from '../object-store.contract.js';
import { FileObjectStore } from './file-object-store.js';

async function tempStore() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-file-store-'));
  return {
    dir,
    store: new FileObjectStore(dir),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

objectStoreContract('FileObjectStore', tempStore);

describe('FileObjectStore', () => {
  it('reports a full disk as SKIFF_DISK_FULL naming the file and the space left', async () => {
    const mount = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-file-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    try {
      const store = new FileObjectStore(mount);
      const error = await store.put('big.bin', Buffer.alloc(256 * 1024)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SKIFF_DISK_FULL', kind: 'SYSTEM' });
      expect((error as Error).message).toContain(mount);
      expect((error as Error).message).toMatch(/free of 64\.0 KiB/);
      const source = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-file-full-src-'));
      await fs.writeFile(path.join(source, 'big.bin'), Buffer.alloc(256 * 1024));
      const upload = await store.putPath('dir', source).catch((e: unknown) => e);
      expect(upload).toMatchObject({ code: 'SKIFF_DISK_FULL' });
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it('has a file:// root URI and maps keys to real paths under the root', async () => {
    const { dir, store, cleanup } = await tempStore();
    expect(store.rootUri).toBe(`file://${dir}`);
    expect(store.localPath('a/b.txt')).toBe(path.join(dir, 'a', 'b.txt'));
    await cleanup();
  });

  it('never shows a partially written object while a stream is being put', async () => {
    const { store, cleanup } = await tempStore();
    await store.put('x.txt', 'old');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const body = Readable.from(
      (async function* () {
        yield Buffer.from('new-part-1');
        await gate;
        yield Buffer.from('new-part-2');
      })(),
    );
    const writing = store.put('x.txt', body);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await readAll(await store.get('x.txt'))).toString()).toBe('old');
    const listed: string[] = [];
    for await (const info of store.list('')) listed.push(info.key);
    expect(listed).toEqual(['x.txt']);
    release();
    await writing;
    expect((await readAll(await store.get('x.txt'))).toString()).toBe('new-part-1new-part-2');
    await cleanup();
  });

  it('moves a local directory into place when asked to', async () => {
    const { dir, store, cleanup } = await tempStore();
    const source = path.join(dir, '..', `${path.basename(dir)}-src`);
    await fs.mkdir(source, { recursive: true });
    await fs.writeFile(path.join(source, 'f.txt'), 'f');
    await store.putPath('moved', source, { move: true });
    await expect(fs.stat(source)).rejects.toThrow();
    expect(await fs.readFile(path.join(dir, 'moved', 'f.txt'), 'utf8')).toBe('f');
    await cleanup();
  });

  it('replaces a directory object with a file object at the same key', async () => {
    const { dir, store, cleanup } = await tempStore();
    const source = path.join(dir, 'src-dir');
    await fs.mkdir(source);
    await fs.writeFile(path.join(source, 'f.txt'), 'f');
    await store.putPath('obj', source);
    const file = path.join(dir, 'src-file');
    await fs.writeFile(file, 'plain');
    await store.putPath('obj', file);
    expect((await readAll(await store.get('obj'))).toString()).toBe('plain');
    await cleanup();
  });
});
