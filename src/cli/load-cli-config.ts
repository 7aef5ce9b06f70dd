import type { Command } from 'commander';
import { type FlagValue, type LoadedConfig, loadConfig } from '../config/index.js';
import type { CliIo } from './cli-io.js';

/** A command-line flag that sets one configuration key (its source shows as `flag:--name`). */
export interface ConfigFlag {
  /** As commander takes it, e.g. `--kfp-launcher <file>`. */
  readonly flag: string;
  /** Commander's camel-case option name, e.g. `kfpLauncher`. */
  readonly option: string;
  /** The configuration key it sets. */
  readonly key: string;
  readonly description: string;
  readonly parse?: (v: string) => unknown;
}

/** `--kfp-launcher FILE`: a KFP kfp-launcher ConfigMap read into the flags layer (storage.kfpLauncherConfigMap). */
export const KFP_LAUNCHER_FLAG: ConfigFlag = {
  flag: '--kfp-launcher <file>',
  option: 'kfpLauncher',
  key: 'storage.kfpLauncherConfigMap',
  description:
    'a KFP kfp-launcher ConfigMap YAML (defaultPipelineRoot, providers) to read storage settings from',
};

/** Flags every command accepts for the configuration, mapped to config keys. */
const CONFIG_FLAGS: readonly ConfigFlag[] = [
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
  KFP_LAUNCHER_FLAG,
  {
    flag: '--executor <kind>',
    option: 'executor',
    key: 'executor.kind',
    description: 'what runs attempts: local (processes here) or kubernetes (one pod per attempt)',
  },
];

/**
 * Add `--config` and the config flags (`--home`, `--pipeline-root`, `--metadata-url`,
 * `--max-parallel-tasks`, `--kfp-launcher`, `--executor`) to a command; loadCliConfig reads them back.
 */
export function withConfigFlags(command: Command): Command {
  command.option(
    '--config <file>',
    'configuration file (default: $SKIFF_CONFIG, ./skiff.yaml, ~/.config/skiff/config.yaml)',
  );
  for (const f of CONFIG_FLAGS) command.option(f.flag, f.description);
  return command;
}

/**
 * Resolve the configuration for a command from its parsed options (plus a command's own flag
 * values in `extra`, e.g. `server.port` from `--port`), the environment and the cwd; prints its warnings (unknown SKIFF_ variables, same-layer conflicts) to stderr.
 */
export async function loadCliConfig(
  io: CliIo,
  options: Record<string, unknown>,
  extra: Readonly<Record<string, FlagValue>> = {},
): Promise<LoadedConfig> {
  const values: Record<string, FlagValue> = { ...extra };
  for (const f of CONFIG_FLAGS) {
    const raw = options[f.option];
    if (typeof raw === 'string')
      values[f.key] = { value: f.parse ? f.parse(raw) : raw, flag: f.flag.split(' ')[0]! };
  }
  const config = typeof options.config === 'string' ? options.config : undefined;
  const loaded = await loadConfig({
    env: io.env,
    cwd: io.cwd,
    flags: { ...(config ? { config } : {}), values },
  });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  return loaded;
}
