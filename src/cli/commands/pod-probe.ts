import { Command } from 'commander';
import { PROBE_PLAN_ENV, parseProbePlan, runPodProbe } from '../../executors/kubernetes/index.js';
import type { CliIo } from '../cli-io.js';

/**
 * `skiff pod-probe`: the probe pod `skiff doctor` makes on a cluster (not for people: hidden from
 * help). Reads its plan from SKIFF_PROBE_PLAN, reaches the pipeline root from the pod, prints one
 * JSON line and writes it as the termination message.
 */
export function podProbeCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('pod-probe')
    .description("the probe pod of skiff doctor's cluster checks (used by skiff itself)")
    .option('--termination-log <file>', 'where the report is written', '/dev/termination-log')
    .action(async (options: { terminationLog: string }) => {
      const plan = parseProbePlan(io.env[PROBE_PLAN_ENV]);
      done(
        await runPodProbe({
          plan,
          env: io.env,
          terminationLog: options.terminationLog,
          out: io.stdout,
          signal: io.signal,
        }),
      );
    });
}
