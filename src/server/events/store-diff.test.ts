import { describe, expect, it } from 'vitest';
import { makeAttempt, makeRun, makeTask } from '../../metadata/contract/fixtures.js';
import type { AttemptRecord, TaskRecord } from '../../metadata/index.js';
import { runChanges, runView } from './store-diff.js';

const run = makeRun({ state: 'RUNNING', startedAtMs: 2 });
const task = (fields: Partial<TaskRecord> = {}) =>
  makeTask({ path: 'train', state: 'RUNNING', maxAttempts: 3, ...fields });
const attempt = (fields: Partial<AttemptRecord> = {}) => makeAttempt(fields);

describe('runChanges', () => {
  it('reports nothing when nothing changed (output values alone are not shown)', () => {
    const before = runView(run, [task()], [attempt()]);
    const after = runView(run, [task({ inputs: { parameters: { x: 1 }, artifacts: {} } })], [attempt()]);
    expect(runChanges(before, after)).toEqual([]);
  });

  it('reports a failed attempt with its retry, the next attempt, the task and the run, the run last', () => {
    const before = runView(run, [task()], [attempt()]);
    const failed = attempt({
      state: 'FAILED',
      finishedAtMs: 5,
      exitCode: 3,
      failureKind: 'USER',
      nextRetryAtMs: 6,
    });
    const second = attempt({ number: 2, state: 'SUCCEEDED', startedAtMs: 6, finishedAtMs: 7, exitCode: 0 });
    const after = runView(
      { ...run, state: 'SUCCEEDED', finishedAtMs: 8 },
      [task({ state: 'SUCCEEDED', finishedAtMs: 7 })],
      [failed, second],
    );
    expect(runChanges(before, after)).toEqual([
      expect.objectContaining({
        type: 'task',
        path: 'train',
        state: 'SUCCEEDED',
        finishedAtMs: 7,
        maxAttempts: 3,
      }),
      { type: 'attempt', runId: 'run-1', path: 'train', maxAttempts: 3, attempt: failed },
      { type: 'attempt', runId: 'run-1', path: 'train', maxAttempts: 3, attempt: second },
      expect.objectContaining({ type: 'run', runId: 'run-1', state: 'SUCCEEDED', finishedAtMs: 8 }),
    ]);
  });

  it('reports a task that is new since the last look before its attempts, with its error', () => {
    const before = runView(run, [], []);
    const failed = task({
      id: 't2',
      path: 'loop[0].step',
      state: 'FAILED',
      error: 'exit 1',
      finishedAtMs: 9,
    });
    const events = runChanges(before, runView(run, [failed], [attempt({ taskId: 't2', state: 'FAILED' })]));
    expect(events.map((event) => event.type)).toEqual(['task', 'attempt']);
    expect(events[0]).toMatchObject({
      taskId: 't2',
      path: 'loop[0].step',
      kind: 'container',
      message: 'exit 1',
    });
    // No `attempt` field: the stream would take it for the echo of an attempt and leave it out.
    expect(events[0]).not.toHaveProperty('attempt');
  });
});
