import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, AttemptRequest, AttemptRunner } from './ports.js';
import { withScheduleTime } from './schedule-time-runner.js';

const outcome: AttemptOutcome = { ok: false, kind: 'USER', message: 'x', exitCode: 1, logUri: null };

describe('withScheduleTime', () => {
  it("hands every attempt the run's schedule time and forwards the other calls unchanged", async () => {
    const seen: AttemptRequest[] = [];
    const lost: string[] = [];
    const runner: AttemptRunner = {
      liveLogPath: (context) => `/logs/${context.taskId}`,
      run: async (request) => {
        seen.push(request);
        return outcome;
      },
      terminateLost: async (logPath) => {
        lost.push(logPath);
      },
    };
    const wrapped = withScheduleTime(runner, 1_000);
    const context = { taskId: 't-1', jobCreateTimeMs: 5_000 } as AttemptRequest['context'];
    const request = { context } as AttemptRequest;
    expect(await wrapped.run(request)).toBe(outcome);
    expect(seen[0]?.context).toEqual({ taskId: 't-1', jobCreateTimeMs: 5_000, jobScheduleTimeMs: 1_000 });
    expect(wrapped.liveLogPath(context)).toBe('/logs/t-1');
    await wrapped.terminateLost?.('/logs/t-1');
    expect(lost).toEqual(['/logs/t-1']);
  });

  it('offers no terminateLost when the runner has none', () => {
    const runner: AttemptRunner = { liveLogPath: () => '', run: async () => outcome };
    expect(withScheduleTime(runner, 1).terminateLost).toBeUndefined();
  });
});
