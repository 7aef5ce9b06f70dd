import { describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../metadata/index.js';
import { makeAttempt, makeRun, makeTask } from '../../metadata/testing.js';
import { EventHub } from './event-hub.js';
import { DEFAULT_EVENT_LIMITS } from './event-limits.js';
import { runSnapshot } from './run-snapshot.js';

describe('runSnapshot', () => {
  it('splits a large run into parts under 64 KB, the run in the first, complete on the last', async () => {
    const store = await openMetadataStore('sqlite::memory:');
    try {
      const run = makeRun({ state: 'RUNNING' });
      await store.runs.create(run);
      for (let i = 0; i < 600; i++) {
        await store.tasks.create(
          makeTask({
            id: `task-${i}`,
            path: `loop[${i}].op`,
            name: 'op',
            state: 'FAILED',
            error: 'x'.repeat(5000),
          }),
        );
      }
      await store.attempts.create(makeAttempt({ taskId: 'task-0', number: 1, state: 'FAILED' }));
      await store.attempts.create(makeAttempt({ taskId: 'task-0', number: 2 }));
      const parts = await runSnapshot(store, run, DEFAULT_EVENT_LIMITS);
      const hub = new EventHub();
      expect(parts.length).toBeGreaterThan(10);
      for (const [i, part] of parts.entries()) {
        expect(part).toMatchObject({ part: i, complete: i === parts.length - 1 });
        expect(hub.frame('snapshot', part, 1).bytes).toBeLessThanOrEqual(64 * 1024);
      }
      expect(parts[0]!.run).toMatchObject({
        run_id: run.id,
        state: 'RUNNING',
        display_name: run.displayName,
      });
      expect(parts.slice(1).some((part) => 'run' in part)).toBe(false);
      const tasks = parts.flatMap(
        (part) => part.tasks as { task_id: string; attempt: number | null; error: string }[],
      );
      expect(tasks).toHaveLength(600);
      expect(new Set(tasks.map((t) => t.task_id)).size).toBe(600);
      expect(tasks.find((t) => t.task_id === 'task-0')?.attempt).toBe(2);
      expect(tasks.find((t) => t.task_id === 'task-1')?.attempt).toBeNull();
      expect(tasks[0]!.error).toHaveLength(DEFAULT_EVENT_LIMITS.maxTextChars);
    } finally {
      await store.close();
    }
  });
});
