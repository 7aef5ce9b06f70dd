import type { AttemptRunner } from './ports.js';

/**
 * `runner` with every attempt's context carrying the run's schedule time (`jobScheduleTimeMs`),
 * for `{{$.pipeline_job_schedule_time_utc}}` in command lines. The context is built per attempt
 * with the creation time only, so the run adds its schedule time on the way to the launcher.
 */
export function withScheduleTime(runner: AttemptRunner, scheduledAtMs: number): AttemptRunner {
  const terminateLost = runner.terminateLost?.bind(runner);
  return {
    liveLogPath: (context) => runner.liveLogPath(context),
    run: (request) =>
      runner.run({ ...request, context: { ...request.context, jobScheduleTimeMs: scheduledAtMs } }),
    ...(terminateLost !== undefined ? { terminateLost } : {}),
  };
}
