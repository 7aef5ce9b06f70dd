import { hostname } from 'node:os';
import { Command } from 'commander';
import { maskValue } from '../../config/index.js';
import { loadPipelineText } from '../../ir/index.js';
import { holdServerLease } from '../../server/server-lease.js';
import { createServices } from '../../services.js';
import type { CliIo } from '../cli-io.js';
import { executeWithProgress } from '../execute-with-progress.js';
import { findRun } from '../find-run.js';
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
      // A running server resumes unfinished runs itself; resuming one beside it would run it twice.
      const lease = await holdServerLease({
        store: services.metadata.serverLeases,
        log: services.log,
        storeName: String(maskValue(loaded.config.metadata.url, 'url-password')),
        holder: `skiff resume ${id} on ${hostname()} pid ${process.pid}`,
        onLost: (holder) => io.stderr.write(`skiff resume: ${holder} took over the metadata store\n`),
      });
      try {
        const run = await findRun(services.metadata, id);
        const spec = loadPipelineText(run.specText, `run ${run.id}`);
        done(await executeWithProgress(io, services, run, spec, { json: options.json === true }));
      } finally {
        await lease.close();
      }
    } finally {
      await services.close();
    }
  });
  return command;
}
