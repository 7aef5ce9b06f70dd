import { describe, expect, it } from 'vitest';
import { makeAttempt, makeRun, makeTask, T0 } from '../metadata/testing.js';
import { runSummary } from './run-report.js';

const LOST =
  'SKIFF_EXEC_LOST: the attempt was running when Skiff stopped; its process is gone (executor lost); running the task again';

describe('runSummary', () => {
  const task = makeTask({ state: 'SUCCEEDED', startedAtMs: T0 + 2, finishedAtMs: T0 + 900, maxAttempts: 1 });
  const lost = makeAttempt({
    state: 'FAILED',
    failureKind: 'SYSTEM',
    message: LOST,
    finishedAtMs: T0 + 300,
    logUri: 'file:///tmp/logs/print-op/1.log',
  });
  const second = makeAttempt({
    number: 2,
    state: 'SUCCEEDED',
    startedAtMs: T0 + 400,
    finishedAtMs: T0 + 900,
    exitCode: 0,
  });
  const details = {
    run: makeRun({ state: 'SUCCEEDED', startedAtMs: T0, finishedAtMs: T0 + 1000 }),
    tasks: [task],
    attempts: new Map([[task.id, [lost, second]]]),
  };

  it('does not count an attempt lost to a crash of Skiff against the retry policy (1/1 +1 lost, not 2/1)', () => {
    const text = runSummary(details);
    expect(text).toMatch(/print-op\s+SUCCEEDED\s+1\/1 \+1 lost\s/);
    expect(text).not.toContain('2/1');
  });

  it('prints attempt messages on their own lines, so the STATE column keeps its width', () => {
    const lines = runSummary(details, { attempts: true }).split('\n');
    const header = lines.find((line) => line.startsWith('TASK'))!;
    expect(header).toMatch(/^TASK\s+STATE\s+ATTEMPTS\s+TIME$/);
    expect(header.indexOf('ATTEMPTS') - header.indexOf('STATE')).toBeLessThan(30);
    expect(lines).toContain(`      ${LOST}`);
    expect(lines.some((line) => line.trim() === 'log: file:///tmp/logs/print-op/1.log')).toBe(true);
  });
});
