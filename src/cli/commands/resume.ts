import { Command } from 'commander';
import { loadPipelineText } from '../../ir/index.js';
import { createServices } from '../../services.js';
import type { CliIo } from '../cli-io.js';
import { executeWithProgress } from '../execute-with-progress.js';
import { findRun } from '../find-run.js';
import { withStoreLease } from '../hold-store-lease.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';

/** `skiff resume RUN`: continue an unfinished run; finished tasks never run again. */
export function resumeCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('resume')
    .description('continue an unfinished run (after a crash or kill); finished tasks are not run again')
    .argument('<run>', 'run id (or a unique prefix)')
    .option('--json', 'print no progress; print one JSON object with the result at the end');
  withConfigFlags(command);
  command.action(async (id: string, options: Record<string, unknown>) => {
    const loaded = await loadCliConfig(io, options);
    const services = await createServices(loaded, io.env);
    services.warmUp();
    try {
      const code = await withStoreLease(io, loaded, services, `skiff resume ${id}`, async () => {
        const run = await findRun(services.metadata, id);
        const spec = loadPipelineText(run.specText, `run ${run.id}`);
        return executeWithProgress(io, services, run, spec, { json: options.json === true });
      });
      done(code);
    } finally {
      await services.close();
    }
  });
  return command;
}
