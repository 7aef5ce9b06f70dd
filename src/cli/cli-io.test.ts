import { describe, expect, it } from 'vitest';
import { SkiffError } from '../errors/index.js';
import { type CliIo, type ErrorJson, reportError } from './cli-io.js';

function capture(argv: string[] = []): { io: CliIo; text: () => string; out: () => string } {
  let text = '';
  let out = '';
  const io = {
    argv,
    env: {},
    cwd: '/',
    stdout: {
      write: (t: string) => {
        out += t;
      },
    },
    stderr: {
      write: (t: string) => {
        text += t;
      },
    },
    signal: new AbortController().signal,
  } satisfies CliIo;
  return { io, text: () => text, out: () => out };
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

  it('with --json, also prints the error on stdout as one JSON object: code, message, location, fix', () => {
    const { io, text, out } = capture(['run', 'x.yaml', '--json']);
    const error = new SkiffError('SKIFF_IR_READ', 'pipeline file x.yaml cannot be read', {
      location: 'x.yaml',
    });
    expect(reportError(io, error)).toBe(2);
    expect(JSON.parse(out())).toEqual({
      error: {
        code: 'SKIFF_IR_READ',
        message: 'pipeline file x.yaml cannot be read',
        location: 'x.yaml',
        fix: error.fix,
      },
    });
    expect(text()).toContain('error SKIFF_IR_READ: pipeline file x.yaml cannot be read');
  });

  it('with --json, a bug is SKIFF_INTERNAL in JSON without its stack; without --json stdout stays empty', () => {
    const asked = capture(['runs', 'list', '--json']);
    reportError(asked.io, new TypeError('x is undefined'));
    const json = JSON.parse(asked.out()) as ErrorJson;
    expect(json.error).toMatchObject({ code: 'SKIFF_INTERNAL', message: 'TypeError: x is undefined' });
    expect(json.error.message).not.toContain('\n');
    const plain = capture(['run', 'x.yaml', '--', '--json']);
    reportError(plain.io, new SkiffError('SKIFF_IR_READ', 'no file'));
    expect(plain.out()).toBe('');
  });
});
