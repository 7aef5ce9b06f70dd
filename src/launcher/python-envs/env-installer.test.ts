import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../../errors/index.js';
import { createCommand, type EnvInstaller, findInstaller, installCommand } from './env-installer.js';
import type { EnvSpec } from './env-spec.js';

const SPEC: EnvSpec = {
  interpreter: '/opt/python/bin/python3.11',
  interpreterStamp: 'x',
  requirements: ['pandas==2.2.2'],
  options: ['--index-url', 'https://example.test/simple', '--trusted-host', 'example.test'],
  systemSitePackages: false,
  seedPip: false,
};
const PIP: EnvInstaller = { kind: 'pip', version: '23.2.1', external: true };
const UV: EnvInstaller = { kind: 'uv', command: '/usr/local/bin/uv', version: '0.5.0' };

/** A directory on PATH holding an executable `uv` that prints a version (uv is not installable here). */
function pathWithUv(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'skiff-uv-'));
  writeFileSync(path.join(dir, 'uv'), '#!/bin/sh\necho "uv 0.5.0"\n');
  chmodSync(path.join(dir, 'uv'), 0o755);
  return `${dir}:${process.env.PATH}`;
}

describe('environment installers', () => {
  it('makes a venv without pip and installs with the interpreter’s own pip through --python', () => {
    expect(createCommand(PIP, SPEC, '/e')).toEqual([SPEC.interpreter, '-m', 'venv', '--without-pip', '/e']);
    const install = installCommand(PIP, SPEC, '/e');
    expect(install.slice(0, 6)).toEqual([
      SPEC.interpreter,
      '-m',
      'pip',
      '--python',
      '/e/bin/python',
      'install',
    ]);
    expect(install).toContain('--no-compile');
    expect(install.slice(-5)).toEqual([...SPEC.options, 'pandas==2.2.2']);
  });

  it('seeds pip into the venv when the interpreter’s pip is too old for --python, or pip must be there', () => {
    const old: EnvInstaller = { kind: 'pip', version: '21.0', external: false };
    expect(createCommand(old, SPEC, '/e')).toEqual([SPEC.interpreter, '-m', 'venv', '/e']);
    expect(installCommand(old, SPEC, '/e').slice(0, 4)).toEqual(['/e/bin/python', '-m', 'pip', 'install']);
    expect(createCommand(PIP, { ...SPEC, seedPip: true, systemSitePackages: true }, '/e')).toEqual([
      SPEC.interpreter,
      '-m',
      'venv',
      '--system-site-packages',
      '/e',
    ]);
  });

  it('uses uv venv and uv pip install, with pip’s index options in uv’s spelling', () => {
    expect(createCommand(UV, SPEC, '/e')).toEqual([
      UV.command,
      'venv',
      '--quiet',
      '--python',
      SPEC.interpreter,
      '/e',
    ]);
    expect(installCommand(UV, SPEC, '/e')).toEqual([
      UV.command,
      'pip',
      'install',
      '--python',
      '/e/bin/python',
      '--index-url',
      'https://example.test/simple',
      '--allow-insecure-host',
      'example.test',
      'pandas==2.2.2',
    ]);
  });

  it('finds uv on PATH for auto and uv, and pip for pip; uv asked for but missing is SKIFF_ENV_CREATE', async () => {
    const env = { PATH: pathWithUv() };
    expect(await findInstaller('auto', 'python3', env)).toMatchObject({ kind: 'uv', version: '0.5.0' });
    expect(await findInstaller('uv', 'python3', env)).toMatchObject({ kind: 'uv' });
    expect(await findInstaller('pip', 'python3', { PATH: process.env.PATH ?? '' })).toMatchObject({
      kind: 'pip',
      version: expect.stringMatching(/^\d+\.\d+/),
    });
    const missing = await findInstaller('uv', 'python3', { PATH: '/nonexistent' });
    expect(isSkiffError(missing) && missing.code).toBe('SKIFF_ENV_CREATE');
  });
});
