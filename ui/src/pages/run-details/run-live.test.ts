import { describe, expect, it } from 'vitest';
import { nameOfPath, parentOfPath, RunLive } from './run-live';

const row = (path: string, state = 'RUNNING') => ({
  task_id: `id-${path}`,
  path,
  parent_path: parentOfPath(path),
  name: nameOfPath(path),
  kind: 'container' as const,
  state,
  attempt: 1,
  max_attempts: 4,
  start_time: null,
  end_time: null,
  error: null,
});

describe('RunLive', () => {
  it('applies a snapshot only once its last part arrived, then patches tasks and attempts', () => {
    const live = new RunLive();
    expect(
      live.apply('snapshot', {
        part: 0,
        complete: false,
        run: { run_id: 'r', state: 'RUNNING' },
        tasks: [row('a')],
      }),
    ).toBe(false);
    expect(live.ready).toBe(false);
    live.apply('snapshot', { part: 1, complete: true, tasks: [row('b')] });
    expect(live.ready).toBe(true);
    expect([...live.tasks.keys()]).toEqual(['a', 'b']);
    live.apply('attempt', { task_id: 'id-a', path: 'a', number: 2, state: 'RUNNING' });
    live.apply('attempt', { task_id: 'id-a', path: 'a', number: 2, state: 'FAILED', exit_code: 3 });
    expect(live.tasks.get('a')?.attempt).toBe(2);
    expect(live.attempts.get('id-a')?.get(2)).toMatchObject({ state: 'FAILED', exit_code: 3 });
    live.apply('task', { task_id: 'id-c', path: 'loop[4].c', kind: 'container', state: 'RUNNING' });
    expect(live.tasks.get('loop[4].c')).toMatchObject({
      parent_path: 'loop[4]',
      name: 'c',
      state: 'RUNNING',
    });
    live.apply('end', { run_id: 'r', state: 'SUCCEEDED' });
    expect(live.ended).toBe(true);
    expect(live.run?.state).toBe('SUCCEEDED');
  });

  it('ignores malformed messages without throwing', () => {
    const live = new RunLive();
    expect(live.apply('task', null)).toBe(false);
    expect(live.apply('task', { nothing: true })).toBe(true);
    expect(live.apply('snapshot', { part: 0, complete: true, tasks: 'nope' })).toBe(true);
    expect(live.tasks.size).toBe(0);
    expect(live.apply('weird', {})).toBe(false);
  });

  it('reads parents and names of paths', () => {
    expect(parentOfPath('train')).toBeNull();
    expect(parentOfPath('loop[3]')).toBe('loop');
    expect(parentOfPath('loop[3].inner.x')).toBe('loop[3].inner');
    expect(nameOfPath('loop[3].x')).toBe('x');
  });
});
