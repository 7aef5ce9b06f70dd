import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../metadata/records.js';
import { exitCodeOf } from './execute-with-progress.js';

const failed = (error: string | null) => ({ state: 'FAILED', error }) as RunRecord;

describe('exitCodeOf', () => {
  it('exits 2 when the storage gate refused the root with an input code (nothing ran), as docs/errors.md says', () => {
    expect(exitCodeOf(failed('SKIFF_STORAGE_UNREACHABLE: endpoint ... refused'), 0)).toBe(2);
    expect(exitCodeOf(failed('SKIFF_STORAGE_BAD_URI: pipeline root file:///proc/x ...'), 0)).toBe(2);
  });

  it('exits 1 for a gate failure of a system code, and for any run whose tasks ran', () => {
    expect(exitCodeOf(failed('SKIFF_STORAGE_IO: cannot write'), 0)).toBe(1);
    expect(exitCodeOf(failed('SKIFF_STORAGE_UNREACHABLE: during upload'), 2)).toBe(1);
    expect(exitCodeOf(failed('task "a" failed'), 0)).toBe(1);
    expect(exitCodeOf(failed('SKIFF_NO_SUCH_CODE: x'), 0)).toBe(1);
  });

  it('exits 0 for a succeeded run and 130 for a canceled one', () => {
    expect(exitCodeOf({ state: 'SUCCEEDED', error: null } as RunRecord, 1)).toBe(0);
    expect(exitCodeOf({ state: 'CANCELED', error: null } as RunRecord, 1)).toBe(130);
  });
});
