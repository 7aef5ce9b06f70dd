import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { PythonRuntime } from './python-runtime.js';

let workDir: string;
beforeEach(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-python-runtime-'));
});
afterEach(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const missing = path.join(os.tmpdir(), 'no-such-python-here');

describe('PythonRuntime.resolve', () => {
  it('takes a sys.executable that is already known, without starting the interpreter', async () => {
    // The interpreter named does not exist: resolving succeeds only if it is not started.
    const runtime = new PythonRuntime(missing, workDir, env, async () => process.execPath);
    const resolved = await runtime.resolve();
    if (isSkiffError(resolved)) throw resolved;
    expect(resolved.executable).toBe(process.execPath);
    expect(await fs.readlink(path.join(resolved.binDir, 'python3'))).toBe(process.execPath);
    expect(await fs.readlink(path.join(resolved.binDir, 'python'))).toBe(process.execPath);
  });

  it('asks the interpreter when the known executable is undefined', async () => {
    const runtime = new PythonRuntime('python3', workDir, env, async () => undefined);
    const resolved = await runtime.resolve();
    if (isSkiffError(resolved)) throw resolved;
    expect(path.isAbsolute(resolved.executable)).toBe(true);
    await expect(fs.access(resolved.executable)).resolves.toBeUndefined();
  });

  it('reports SKIFF_PYTHON_NOT_FOUND when nothing knows it and the interpreter cannot run', async () => {
    const runtime = new PythonRuntime(missing, workDir, env, async () => undefined);
    const resolved = await runtime.resolve();
    expect(isSkiffError(resolved) && resolved.code).toBe('SKIFF_PYTHON_NOT_FOUND');
  });
});
