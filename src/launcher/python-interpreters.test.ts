import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { PythonInterpreters } from './python-interpreters.js';
import { PythonRuntime } from './python-runtime.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
const work = mkdtempSync(path.join(tmpdir(), 'skiff-interpreters-'));

function interpreters(images: Array<{ image: string; interpreter: string }> = []) {
  return new PythonInterpreters(new PythonRuntime('python3', work, env), images, work, env);
}

describe('PythonInterpreters', () => {
  it('runs images that are not Python images, and python:3.X of the configured version, on the configured interpreter', async () => {
    const pythons = interpreters();
    for (const image of ['alpine', 'gcr.io/my-image', 'python:alpine3.9']) {
      const found = await pythons.forImage(image);
      expect(!isSkiffError(found) && found.runtime).toBe(pythons.fallback);
      expect(!isSkiffError(found) && found.note).toBeUndefined();
    }
  });

  it('notes the difference when no local Python has the image’s version', async () => {
    const found = await interpreters().forImage('docker.io/library/python:3.1-slim');
    expect(isSkiffError(found)).toBe(false);
    if (isSkiffError(found)) return;
    expect(found.note).toMatch(
      /^image "docker\.io\/library\/python:3\.1-slim" has Python 3\.1; no local Python 3\.1 was found/,
    );
  });

  it('uses an executor.python.images entry for the image and its tags, not for a longer version', async () => {
    const pythons = interpreters([{ image: 'python:3.1', interpreter: 'python3' }]);
    for (const image of ['python:3.1', 'python:3.1.4', 'python:3.1-slim', 'python:3.1@sha256:ab']) {
      const found = await pythons.forImage(image);
      expect(!isSkiffError(found) && found.note, image).toBeUndefined();
    }
    const longer = await pythons.forImage('python:3.12345');
    expect(!isSkiffError(longer) && longer.note).toMatch(/no local Python 3\.12345/);
  });

  it('refuses an entry whose interpreter cannot run, naming the setting', async () => {
    const found = await interpreters([{ image: 'python:3.9', interpreter: '~/no-such-python' }]).forImage(
      'python:3.9',
    );
    expect(isSkiffError(found) && found.code).toBe('SKIFF_PYTHON_NOT_FOUND');
    expect(isSkiffError(found) && found.message).toMatch(/executor\.python\.images maps image "python:3\.9"/);
  });
});
