import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileObjectStore } from './file/file-object-store.js';
import { openUri, sizeOfUri } from './open-uri.js';
import { pathToFileUri } from './uri.js';

const local = new FileObjectStore('/');
const storeFor = () => local;

async function text(uri: string): Promise<string> {
  let out = '';
  for await (const chunk of await openUri(uri, storeFor)) out += String(chunk);
  return out;
}

describe('openUri and sizeOfUri on local files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-open-uri-'));
  writeFileSync(join(dir, 'a.log'), 'attempt log');
  symlinkSync('/etc/passwd', join(dir, 'swapped.log'));

  it('read a regular file by path or file:// URI', async () => {
    expect(await sizeOfUri(join(dir, 'a.log'), storeFor)).toBe(11);
    expect(await text(pathToFileUri(join(dir, 'a.log')))).toBe('attempt log');
  });

  it('never follow a symbolic link put in place of a file (a log swapped for a link to /etc/passwd)', async () => {
    expect(await sizeOfUri(join(dir, 'swapped.log'), storeFor)).toBeUndefined();
    await expect(text(join(dir, 'swapped.log'))).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
