import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';

const base = mkdtempSync(join(tmpdir(), 'skiff-unusable-home-'));
const spec = join(base, 'p.json');
writeFileSync(spec, pipeline('p', { a: { script: 'true' } }, { tasks: { a: task('a') } }));
const readOnly = join(base, 'read-only');
const canMount = process.getuid?.() === 0;

describe('a home that cannot be used', () => {
  beforeAll(() => {
    writeFileSync(join(base, 'a-file'), '');
    symlinkSync('/nonexistent/skiff-home', join(base, 'dangling'));
    if (canMount) {
      mkdirSync(readOnly);
      execFileSync('mount', ['--bind', readOnly, readOnly]);
      execFileSync('mount', ['-o', 'remount,ro,bind', readOnly]);
    }
  });
  afterAll(() => {
    if (canMount) execFileSync('umount', [readOnly]);
  });

  it.each([
    ['a file', 'a-file', /is a file, not a directory/],
    ['a link to nothing', 'dangling', /is a link to \/nonexistent\/skiff-home, which does not exist/],
  ])('is a coded input error naming the home and why (%s), with no stack trace', async (_, name, why) => {
    const home = join(base, name);
    for (const args of [['run', spec], ['runs', 'list'], ['doctor']]) {
      const result = await runCli(args, { home, timeoutMs: 60_000 });
      const shown = `${args.join(' ')}: ${result.stderr}${result.stdout}`;
      // doctor reports it as a failed check (exit 1) among the others; commands refuse to start (2).
      expect(result.code, shown).toBe(args[0] === 'doctor' ? 1 : 2);
      expect(shown).toMatch(why);
      expect(shown).toContain('SKIFF_CONFIG_INVALID');
      expect(shown).toContain('SKIFF_HOME');
      expect(shown).not.toMatch(/SKIFF_INTERNAL| {4}at /);
    }
  });

  it('says a pipeline root that is a file is one, not that its directory must be writable', async () => {
    const home = join(base, 'home-for-root');
    const result = await runCli(['run', spec, '--pipeline-root', `file://${join(base, 'a-file')}`], {
      home,
      timeoutMs: 60_000,
    });
    const shown = result.stdout + result.stderr;
    expect(result.code, shown).toBe(1);
    expect(shown).toContain(`cannot be made: ${join(base, 'a-file')} is a file, not a directory`);
    expect(shown).not.toMatch(/EEXIST| {4}at /);
  });

  it.skipIf(!canMount)('says a home on a read-only file system is one (needs root to mount)', async () => {
    const result = await runCli(['run', spec], { home: readOnly, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      /SKIFF_CONFIG_INVALID: home ".*read-only" \(set in env:SKIFF_HOME\) cannot be used: .* is on a read-only file system/,
    );
    expect(result.stderr).not.toMatch(/ {4}at /);
  });
});
