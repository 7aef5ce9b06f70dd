import { describe, expect, it } from 'vitest';
import { nulByteFailure } from './nul-bytes.js';

describe('nulByteFailure', () => {
  it('passes a command line and environment without NUL', () => {
    expect(nulByteFailure(['sh', '-c', 'echo hi'], { PATH: '/bin' }, { s: 'x' })).toBeNull();
  });

  it('names the argument and the input parameter that brought the NUL, as a USER failure', () => {
    const failed = nulByteFailure(['sh', '-c', 'echo x\0y'], { PATH: '/bin' }, { s: 'x\0y', t: 'fine' });
    expect(failed).toEqual({
      kind: 'USER',
      exitCode: null,
      message:
        'SKIFF_EXEC_NUL_BYTE: argument 3 of the command holds a NUL byte, which no process can be given (it comes from input parameter "s")',
    });
  });

  it('names an environment variable, and parameters that hold a NUL deep in a list or struct', () => {
    const failed = nulByteFailure(['true'], { GREETING: 'a\0b' }, { l: ['ok', { k: 'v\0' }] });
    expect(failed?.message).toBe(
      'SKIFF_EXEC_NUL_BYTE: environment variable "GREETING" holds a NUL byte, which no process can be given (it comes from input parameter "l")',
    );
  });
});
