import { configKeys } from './config-keys.js';

/** One environment variable Skiff reads. */
export interface EnvVarInfo {
  readonly name: string;
  /** The configuration key it sets; undefined for variables that locate the configuration itself. */
  readonly key: string | undefined;
  readonly meaning: string;
}

/** Names the configuration file (below --config, above ./skiff.yaml). */
export const CONFIG_FILE_ENV = 'SKIFF_CONFIG';

/** Prefix of Skiff's own variables; unknown ones are reported as warnings, not errors. */
export const SKIFF_ENV_PREFIX = 'SKIFF_';

/**
 * Every environment variable Skiff reads, in one place (docs/configuration.md is generated from it).
 * KFP-compatible aliases (MINIO_*, AWS_*, ...) join this table with the key they map to.
 */
export const ENV_VARS: readonly EnvVarInfo[] = Object.freeze([
  {
    name: CONFIG_FILE_ENV,
    key: undefined,
    meaning: 'Path of the configuration file (instead of ./skiff.yaml or ~/.config/skiff/config.yaml).',
  },
  ...configKeys().map((key) => ({ name: key.env, key: key.path, meaning: key.meta.description })),
]);
