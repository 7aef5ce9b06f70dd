import { Command } from 'commander';
import { SKIFF_VERSION } from '../version.js';
import { type CliIo, EXIT, reportError } from './cli-io.js';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { envsCommand } from './commands/envs.js';
import { logsCommand } from './commands/logs.js';
import { podProbeCommand } from './commands/pod-probe.js';
import { podSidecarCommand } from './commands/pod-sidecar.js';
import { resumeCommand } from './commands/resume.js';
import { retryCommand } from './commands/retry.js';
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { serverCommand } from './commands/server.js';
import { configureCommand, isCommanderError, type UsageState, usageError } from './usage.js';

/** Run the `skiff` CLI with `io`; resolves to the process exit code. */
export async function main(io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const done = (c: number) => {
    code = c;
  };
  const usage: UsageState = { command: undefined };
  const program = configureCommand(
    new Command('skiff').description('Run Kubeflow Pipelines (KFP v2) anywhere').version(SKIFF_VERSION),
    io,
    usage,
  );
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
    const command = configureCommand(make(io, done), io, usage);
    for (const sub of command.commands) configureCommand(sub, io, usage);
    program.addCommand(command);
  }
  for (const hidden of [podSidecarCommand, podProbeCommand])
    program.addCommand(configureCommand(hidden(io, done), io, usage), { hidden: true });
  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return code;
  } catch (error) {
    if (isCommanderError(error)) {
      const coded = usageError(error, usage);
      return coded === undefined ? EXIT.ok : reportError(io, coded);
    }
    return reportError(io, error);
  }
}
