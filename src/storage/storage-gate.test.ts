import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { ProviderStores } from './provider-stores.js';
import { providerStorageGate } from './storage-gate.js';

const cwd = mkdtempSync(join(tmpdir(), 'skiff-storage-gate-'));

async function gate() {
  return providerStorageGate(new ProviderStores(await loadConfig({ env: {}, cwd, homeDir: cwd })));
}

async function check(root: string) {
  return (await gate()).check(root, new AbortController().signal);
}

describe('the storage gate on a file:// root', () => {
  it('passes a writable directory, making it, and leaves no probe behind', async () => {
    const root = join(cwd, 'artifacts', 'new');
    const result = await check(`file://${root}`);
    expect(result.ok).toBe(true);
    expect(readdirSync(root)).toEqual([]);
  });

  it.each([
    'file:///proc/skiff-artifacts',
    'file:///proc/self/skiff',
    'file:///sys/kernel/skiff',
    'file:///dev/skiff',
  ])('refuses %s, a pseudo file system, at once as bad input', async (root) => {
    const started = Date.now();
    const result = await check(root);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SKIFF_STORAGE_BAD_URI');
    expect(result.error.message).toContain(`pipeline root ${root} (set in`);
    expect(result.error.message).toMatch(/pseudo file system \((proc|sysfs|devtmpfs|\/dev)/);
    expect(result.error.fix).toContain('pipelineRoot');
  });

  describe('on a read-only file system (root can still not write there)', () => {
    const mount = join(cwd, 'ro');
    beforeAll(() => {
      mkdirSync(mount, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
      mkdirSync(join(mount, 'artifacts'));
      execFileSync('mount', ['-o', 'remount,ro', mount]);
    });
    afterAll(() => {
      execFileSync('umount', [mount]);
    });

    it('fails an existing directory that cannot be written, naming the root and the probe that failed', async () => {
      const root = `file://${mount}/artifacts`;
      const result = await check(root);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('SKIFF_STORAGE_IO');
      expect(result.error.message).toContain(`pipeline root ${root} (set in`);
      expect(result.error.message).toContain('cannot write a probe file');
      expect(result.error.message).toContain('EROFS');
    });
  });
});
