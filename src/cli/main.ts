import { Command, CommanderError } from 'commander';
import { SKIFF_VERSION } from '../version.js';
import { type CliIo, EXIT, reportError } from './cli-io.js';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { envsCommand } from './commands/envs.js';
import { logsCommand } from './commands/logs.js';
import { resumeCommand } from './commands/resume.js';
import { retryCommand } from './commands/retry.js';
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { serverCommand } from './commands/server.js';

/** Run the `skiff` CLI with `io`; resolves to the process exit code. */
export async function main(io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const done = (c: number) => {
    code = c;
  };
  const program = new Command('skiff')
    .description('Run Kubeflow Pipelines (KFP v2) anywhere')
    .version(SKIFF_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) })
    .showHelpAfterError('(run with --help for usage)');
  for (const make of [
    runCommand,
    runsCommand,
    logsCommand,
    resumeCommand,
    retryCommand,
    configCommand,
    doctorCommand,
    envsCommand,
    serverCommand,
  ]) {
    const command = make(io, done);
    command
      .exitOverride()
      .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
    for (const sub of command.commands)
      sub
        .exitOverride()
        .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
    program.addCommand(command);
  }
  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return reportError(io, error);
  }
}
