import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from './progress.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const display = new ProgressDisplay({ write: (t) => chunks.push(t), isTTY, columns: 80 });
  return { display, text: () => chunks.join('') };
}

describe('ProgressDisplay', () => {
  it('prints one plain line per transition when piped, with attempt n/N and failures', () => {
    const { display, text } = capture(false);
    const base = { type: 'task', runId: 'r', kind: 'container', maxAttempts: 3 } as const;
    display.onEvent({ ...base, path: 'train', state: 'RUNNING' });
    display.onEvent({ ...base, path: 'train', state: 'RUNNING', attempt: 1 });
    display.onEvent({
      ...base,
      path: 'train',
      state: 'RUNNING',
      attempt: 1,
      message: 'SKIFF_EXEC_NONZERO: exit 1\nmore',
    });
    display.onEvent({ ...base, path: 'train', state: 'SUCCEEDED', startedAtMs: 1000, finishedAtMs: 3500 });
    display.stop();
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/train RUNNING attempt 1\/3$/);
    expect(lines[1]).toMatch(/train attempt 1\/3 failed: SKIFF_EXEC_NONZERO: exit 1$/);
    expect(lines[2]).toMatch(/train SUCCEEDED \(2\.5s\)$/);
    expect(text()).not.toContain('\x1b[');
  });

  it('redraws a compact summary on a terminal: counts per state and the running tasks', async () => {
    const { display, text } = capture(true);
    const base = { type: 'task', runId: 'r', kind: 'container', maxAttempts: 2 } as const;
    display.onEvent({ ...base, path: 'a', state: 'SUCCEEDED' });
    display.onEvent({ ...base, path: 'b', state: 'RUNNING', attempt: 2, startedAtMs: Date.now() });
    await new Promise((r) => setTimeout(r, 150));
    display.onEvent({ ...base, path: 'b', state: 'FAILED' });
    display.stop();
    const out = text();
    expect(out).toContain('tasks: succeeded 1 · running 1');
    expect(out).toMatch(/▸ b attempt 2\/2/);
    expect(out).toContain('\x1b[2F\x1b[J');
    expect(
      out
        .replace(/\x1b\[\d*[FJ]/g, '')
        .trim()
        .split('\n')
        .at(-1),
    ).toBe('tasks: succeeded 1 · failed 1');
  });
});
