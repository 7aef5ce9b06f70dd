import { Command } from 'commander';
import { formatConfig } from '../../config/index.js';
import type { CliIo } from '../cli-io.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';

/** `skiff config`: every effective value with its source, then the storage providers and conflicts; secrets masked. */
export function configCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('config')
    .description('print every effective configuration value and where it came from')
    .option('--json', 'print JSON: {key: {value, source}, storage: {providers, conflicts}}');
  withConfigFlags(command);
  command.action(async (options: Record<string, unknown>) => {
    const loaded = await loadCliConfig(io, options);
    io.stdout.write(`${formatConfig(loaded, { json: options.json === true }).trimEnd()}\n`);
    done(0);
  });
  return command;
}
