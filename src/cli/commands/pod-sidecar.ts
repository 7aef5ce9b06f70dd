import { Command } from 'commander';
import { POD_DIR, parsePodPlan, readPlanEnv, runSidecar } from '../../executors/kubernetes/index.js';
import { PYTHON_RUNTIME_DIR } from '../../services.js';
import type { CliIo } from '../cli-io.js';

/**
 * `skiff pod-sidecar`: the sidecar of a task pod made by the Kubernetes executor (not for people:
 * hidden from help). Reads its plan from SKIFF_POD_PLAN (or its parts, SKIFF_POD_PLAN_1...).
 */
export function podSidecarCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('pod-sidecar')
    .description('the sidecar of a task pod made by the Kubernetes executor (used by skiff itself)')
    .option('--dir <dir>', 'the volume shared with the main container', POD_DIR)
    .option('--termination-log <file>', 'where the outcome is reported', '/dev/termination-log')
    .action(async (options: { dir: string; terminationLog: string }) => {
      const plan = parsePodPlan(readPlanEnv(io.env));
      done(
        await runSidecar({
          plan,
          env: io.env,
          dir: options.dir,
          runtimeSource: PYTHON_RUNTIME_DIR,
          terminationLog: options.terminationLog,
          out: io.stdout,
        }),
      );
    });
}
