import type { Command } from 'commander';
import { type FlagValue, type LoadedConfig, loadConfig } from '../config/index.js';
import type { CliIo } from './cli-io.js';

/** Flags every command accepts for the configuration, mapped to config keys. */
const CONFIG_FLAGS: ReadonlyArray<{
  flag: string;
  option: string;
  key: string;
  description: string;
  parse?: (v: string) => unknown;
}> = [
  { flag: '--home <dir>', option: 'home', key: 'home', description: 'state directory (db, logs, artifacts)' },
  {
    flag: '--pipeline-root <uri>',
    option: 'pipelineRoot',
    key: 'pipelineRoot',
    description: 'where artifacts are written',
  },
  {
    flag: '--metadata-url <url>',
    option: 'metadataUrl',
    key: 'metadata.url',
    description: 'metadata store URL',
  },
  {
    flag: '--max-parallel-tasks <n>',
    option: 'maxParallelTasks',
    key: 'engine.maxParallelTasks',
    description: 'most tasks running at once',
    parse: (v) => (/^\d+$/.test(v) ? Number(v) : v),
  },
];

/** Add `--config` and the config flags to a command. */
export function withConfigFlags(command: Command): Command {
  command.option(
    '--config <file>',
    'configuration file (default: $SKIFF_CONFIG, ./skiff.yaml, ~/.config/skiff/config.yaml)',
  );
  for (const f of CONFIG_FLAGS) command.option(f.flag, f.description);
  return command;
}

/** Resolve the configuration for a command from its parsed options, the environment and the cwd. */
export async function loadCliConfig(io: CliIo, options: Record<string, unknown>): Promise<LoadedConfig> {
  const values: Record<string, FlagValue> = {};
  for (const f of CONFIG_FLAGS) {
    const raw = options[f.option];
    if (typeof raw === 'string')
      values[f.key] = { value: f.parse ? f.parse(raw) : raw, flag: f.flag.split(' ')[0]! };
  }
  const config = typeof options.config === 'string' ? options.config : undefined;
  return loadConfig({ env: io.env, cwd: io.cwd, flags: { ...(config ? { config } : {}), values } });
}
