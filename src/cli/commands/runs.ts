import { Command } from 'commander';
import { createServices } from '../../services.js';
import type { CliIo } from '../cli-io.js';
import { findRun } from '../find-run.js';
import { formatDuration, table } from '../format.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';
import { loadRunDetails, runJson, runSummary } from '../run-report.js';
import { positiveInteger } from '../usage.js';

/** `skiff runs list` and `skiff runs get RUN`. */
export function runsCommand(io: CliIo, done: (code: number) => void): Command {
  const runs = new Command('runs').description('list and inspect runs');
  const list = new Command('list')
    .description('list runs, newest first')
    .option('--limit <n>', 'how many (a whole number from 1 up)', positiveInteger, 20)
    .option('--json', 'print JSON');
  withConfigFlags(list);
  list.action(async (options: Record<string, unknown>) => {
    const services = await createServices(await loadCliConfig(io, options), io.env, undefined, {
      readOnly: true,
    });
    try {
      const limit = options.limit as number;
      const records = await services.metadata.runs.list({ limit });
      if (options.json) {
        io.stdout.write(`${JSON.stringify(records.map(({ specText: _, ...r }) => r))}\n`);
      } else {
        const rows = [['RUN', 'PIPELINE', 'STATE', 'CREATED', 'DURATION']];
        for (const r of records) {
          const took = r.startedAtMs && r.finishedAtMs ? formatDuration(r.finishedAtMs - r.startedAtMs) : '';
          rows.push([r.id, r.pipelineName, r.state, new Date(r.createdAtMs).toISOString(), took]);
        }
        io.stdout.write(
          `${records.length ? table(rows) : 'no runs yet: start one with `skiff run PIPELINE`'}\n`,
        );
      }
      done(0);
    } finally {
      await services.close();
    }
  });
  const get = new Command('get')
    .description('show a run: its tasks, every attempt (exit code, failure kind, log), and outputs')
    .argument('<run>', 'run id (or a unique prefix)')
    .option('--json', 'print JSON');
  withConfigFlags(get);
  get.action(async (id: string, options: Record<string, unknown>) => {
    const services = await createServices(await loadCliConfig(io, options), io.env, undefined, {
      readOnly: true,
    });
    try {
      const details = await loadRunDetails(services.metadata, await findRun(services.metadata, id));
      if (options.json) {
        const { specText: _, ...run } = details.run;
        const tasks = details.tasks.map((t) => ({ ...t, attempts: details.attempts.get(t.id) ?? [] }));
        io.stdout.write(`${JSON.stringify({ ...runJson(details), run, tasks })}\n`);
      } else {
        io.stdout.write(runSummary(details, { attempts: true }));
      }
      done(0);
    } finally {
      await services.close();
    }
  });
  return runs.addCommand(list).addCommand(get);
}
