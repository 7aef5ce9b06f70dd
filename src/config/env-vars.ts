import { CLOUD_ALIAS_ENV_VARS } from './cloud-env-aliases.js';
import { configKeys } from './config-keys.js';
import { STORAGE_ALIAS_ENV_VARS } from './storage-env-vars.js';

/** One environment variable Skiff reads. */
export interface EnvVarInfo {
  readonly name: string;
  /** The configuration key it sets; undefined for SKIFF_CONFIG and for KFP-compatible aliases. */
  readonly key: string | undefined;
  /** What a KFP- or AWS-compatible alias feeds, e.g. `storage.providers (minio)`. */
  readonly feeds?: string;
  readonly meaning: string;
}

/** Names the configuration file (below --config, above ./skiff.yaml). */
export const CONFIG_FILE_ENV = 'SKIFF_CONFIG';

/** Prefix of Skiff's own variables; unknown ones are reported as warnings, not errors. */
export const SKIFF_ENV_PREFIX = 'SKIFF_';

/**
 * Every environment variable Skiff reads, in one place (docs/configuration.md is generated from it).
 * KFP-compatible aliases (MINIO_*, OBJECTSTORECONFIG_*, AWS_*, DISABLE_GKE_METADATA, GCE_METADATA_HOST)
 * follow Skiff's own, with what they feed.
 */
export const ENV_VARS: readonly EnvVarInfo[] = Object.freeze([
  {
    name: CONFIG_FILE_ENV,
    key: undefined,
    meaning: 'Path of the configuration file (instead of ./skiff.yaml or ~/.config/skiff/config.yaml).',
  },
  ...configKeys().map((key) => ({ name: key.env, key: key.path, meaning: key.meta.description })),
  ...STORAGE_ALIAS_ENV_VARS.map((alias) => ({ ...alias, key: undefined })),
  ...CLOUD_ALIAS_ENV_VARS.map((alias) => ({ ...alias, key: undefined })),
]);
