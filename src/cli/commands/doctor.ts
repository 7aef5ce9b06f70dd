import { Command } from 'commander';
import { type DoctorCheck, type DoctorReport, runDoctor } from '../../doctor/index.js';
import { PYTHON_RUNTIME_DIR, taskEnv } from '../../services.js';
import { ProviderStores } from '../../storage/index.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { table } from '../format.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';

const MARKS: Record<DoctorCheck['status'], string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

/** `skiff doctor`: check config, metadata store, storage, Python (and the cluster); a table with a fix per failure; exit 1 on any. */
export function doctorCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('doctor')
    .description(
      'check the configuration, metadata store, storage providers and Python runtime (and the cluster, with executor.kind kubernetes)',
    )
    .option('--json', 'print the report as JSON: {ok, checks: [{name, target, status, detail, fix, code}]}');
  withConfigFlags(command);
  command.action(async (options: Record<string, unknown>) => {
    const loaded = await loadCliConfig(io, options);
    const stores = new ProviderStores(loaded);
    try {
      const report = await runDoctor({
        loaded,
        stores,
        pythonRuntimeDir: PYTHON_RUNTIME_DIR,
        env: taskEnv(io.env),
        signal: io.signal,
      });
      io.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatReport(report));
      done(report.ok ? EXIT.ok : EXIT.failed);
    } finally {
      stores.close();
    }
  });
  return command;
}

/** The report as a table (status, check, target, detail), then the fix of each failure and warning. */
export function formatReport(report: DoctorReport): string {
  const rows = report.checks.map((c) => [
    MARKS[c.status],
    c.name,
    c.target,
    `${c.detail}${c.durationMs === undefined ? '' : ` (${c.durationMs} ms)`}`,
  ]);
  const lines = [table(rows)];
  const fixes = report.checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c.fix);
  for (const c of fixes)
    lines.push(`${MARKS[c.status]} ${c.name}${c.code ? ` ${c.code}` : ''}: fix: ${c.fix}`);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'all checks passed' : `${failed} check${failed === 1 ? '' : 's'} failed`);
  return `${lines.join('\n')}\n`;
}
