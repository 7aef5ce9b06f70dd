import { describe, expect, it } from 'vitest';
import { type CliIo, reportError } from './cli-io.js';

function capture(): { io: CliIo; text: () => string } {
  let text = '';
  const io = {
    argv: [],
    env: {},
    cwd: '/',
    stdout: { write: () => {} },
    stderr: {
      write: (t: string) => {
        text += t;
      },
    },
    signal: new AbortController().signal,
  } satisfies CliIo;
  return { io, text: () => text };
}

describe('reportError', () => {
  it('reports a full disk no code expected as SKIFF_DISK_FULL with the path and free space, no stack', () => {
    const { io, text } = capture();
    const error = Object.assign(new Error("ENOSPC: no space left on device, write '/tmp/x/y.log'"), {
      code: 'ENOSPC',
      path: '/tmp/x/y.log',
    });
    expect(reportError(io, error)).toBe(1);
    expect(text()).toContain('SKIFF_DISK_FULL: writing failed: /tmp/x/y.log is on a full disk');
    expect(text()).toMatch(/free of \d/);
    expect(text()).not.toContain('SKIFF_INTERNAL');
    expect(text()).not.toMatch(/\n\s+at /);
  });

  it('still reports a bug as SKIFF_INTERNAL with its stack', () => {
    const { io, text } = capture();
    expect(reportError(io, new TypeError('x is undefined'))).toBe(1);
    expect(text()).toContain('SKIFF_INTERNAL: TypeError: x is undefined');
  });
});
