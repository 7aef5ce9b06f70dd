import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { SkiffError } from '../errors/index.js';
import type { CliIo } from './cli-io.js';

/** Where a usage error happened: the command Commander was parsing when it gave up. */
export interface UsageState {
  command: Command | undefined;
}

/**
 * Makes `command` throw instead of exiting, write through `io`, and leave the printing of its
 * usage errors to usageError (which adds a code and a fix); `state` learns which command failed.
 */
export function configureCommand(command: Command, io: CliIo, state: UsageState): Command {
  return command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {
        state.command = command;
      },
    })
    .hook('preSubcommand', (_, sub) => {
      // `skiff runs` without its subcommand ends in help, which reports no command of its own.
      state.command = sub;
    });
}

/**
 * A Commander error as the SKIFF_CLI_USAGE error it is (missing argument, unknown option or
 * command, bad option value), or undefined for help and version (exit 0).
 */
export function usageError(error: CommanderError, state: UsageState): SkiffError | undefined {
  if (error.exitCode === 0) return undefined;
  const path = commandPath(state.command);
  const message =
    error.code === 'commander.help'
      ? `${path} needs a command`
      : `${error.message.replace(/^error: /, '')} (${path})`;
  return new SkiffError('SKIFF_CLI_USAGE', message, {
    fix: `Run \`${path} --help\` for its arguments and options.`,
    cause: error,
  });
}

/** Commander's option parser for a whole number ≥ 1 (`--limit`, `--attempt`). */
export function positiveInteger(text: string): number {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1)) throw new InvalidArgumentError('It takes a whole number from 1 up.');
  return value;
}

/** True for errors Commander throws (its exits, overridden). */
export function isCommanderError(error: unknown): error is CommanderError {
  return error instanceof CommanderError;
}

function commandPath(command: Command | undefined): string {
  const names: string[] = [];
  for (let c: Command | null | undefined = command; c; c = c.parent) names.unshift(c.name());
  return names.length === 0 ? 'skiff' : names.join(' ');
}
