import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkiffError } from '../errors/index.js';
import { failure, failureFromError, logTail, missingFromLog, printable } from './attempt-failure.js';

describe('missingFromLog', () => {
  it('names a command a shell could not find (exit 127)', () => {
    expect(missingFromLog('+ gsutil cat x\nsh: 1: gsutil: not found', 127)).toContain(
      '"gsutil" is not on PATH',
    );
    expect(missingFromLog('bash: line 1: jq: command not found', 127)).toContain('"jq"');
    expect(missingFromLog('sh: 1: gsutil: not found', 1)).toBeNull();
  });

  it('names a Python module that is not installed', () => {
    const tail = "Traceback (most recent call last):\nModuleNotFoundError: No module named 'sklearn'";
    expect(missingFromLog(tail, 1)).toContain('"sklearn"');
  });

  it('recognises a bash-only shell option and gsutil refusing file:// URLs', () => {
    expect(missingFromLog('/w/table: 1: set: Illegal option -o pipefail', 2)).toContain('"-o pipefail"');
    expect(missingFromLog('CommandException: "cat" command does not support "file://" URLs.', 1)).toContain(
      'file://',
    );
  });

  it('returns null for an ordinary failure', () => {
    expect(missingFromLog('ValueError: bad input', 1)).toBeNull();
  });
});

describe('failures', () => {
  it('prefix the code and take the kind from the registry', () => {
    expect(failure('SKIFF_EXEC_NONZERO', 'exited with code 3', 3)).toEqual({
      kind: 'USER',
      message: 'SKIFF_EXEC_NONZERO: exited with code 3',
      exitCode: 3,
    });
    expect(failure('SKIFF_EXEC_TIMEOUT', 'too slow').kind).toBe('TIMEOUT');
  });

  it('keep the code, kind and fix of a SkiffError, and report anything else as SKIFF_INTERNAL', () => {
    const fromSkiff = failureFromError(
      new SkiffError('SKIFF_STORAGE_IO', 'disk full', { fix: 'Free space.' }),
    );
    expect(fromSkiff).toEqual({
      kind: 'SYSTEM',
      message: 'SKIFF_STORAGE_IO: disk full; fix: Free space.',
      exitCode: null,
    });
    expect(failureFromError(new Error('boom')).message).toMatch(/^SKIFF_INTERNAL: Error: boom/);
  });
});

describe('logTail', () => {
  it('returns the last lines of a log, and nothing for a missing file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-tail-'));
    const file = path.join(dir, 'a.log');
    await fs.writeFile(file, `${Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n')}\n`);
    expect(await logTail(file, 3)).toBe('line 47\nline 48\nline 49');
    expect(await logTail(path.join(dir, 'missing.log'))).toBe('');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('leaves out what a terminal would act on: colours, a window title, clearing, other controls', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-tail-'));
    const file = path.join(dir, 'a.log');
    await fs.writeFile(
      file,
      'normal\n\x1b[31mRED\x1b[0m\n\x1b]0;PWNED\x07title\n10%\r20%\nbell\x07\x1b[2J\n',
    );
    expect(await logTail(file)).toBe('normal\nRED\ntitle\n10%\n20%\nbell\ufffd');
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('printable', () => {
  it('keeps text, tabs and new lines, and removes escape sequences', () => {
    expect(printable('a\tb\nc')).toBe('a\tb\nc');
    expect(printable('\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\')).toBe('link');
    expect(printable('\x00\x9b')).toBe('\ufffd\ufffd');
  });
});
