export { CLOUD_ALIAS_ENV_VARS, cloudAliasEntries } from './cloud-env-aliases.js';
export { renderConfigDoc } from './config-doc.js';
export {
  type ConfigFile,
  type ConfigFileLookup,
  configFileCandidates,
  readConfigFile,
} from './config-file.js';
export { parseWithSources, suggestKey } from './config-issues.js';
export {
  type ConfigKeyInfo,
  type ConfigValueKind,
  configKeyAt,
  configKeys,
  describeKeys,
  envNameOf,
} from './config-keys.js';
export { type FlagValue, type LayerEntry, layerSchema, parseScalar } from './config-layers.js';
export {
  type Config,
  type ConfigDefault,
  type ConfigKeyMeta,
  type ConfigMask,
  configKey,
  configKeyRegistry,
  configSchema,
  secretKey,
} from './config-schema.js';
export { CONFIG_FILE_ENV, ENV_VARS, type EnvVarInfo, SKIFF_ENV_PREFIX } from './env-vars.js';
export {
  type ConfigEntryView,
  configEntries,
  type FormatConfigOptions,
  formatConfig,
  formatEntries,
} from './format-config.js';
export { formatStorage, storageJson } from './format-storage.js';
export { expandHome, expandHomeInUri, localPathOfUri, logsDirOf } from './home-paths.js';
export { type KfpLauncherInputs, readKfpLauncher } from './kfp-launcher.js';
export {
  type LoadConfigInput,
  type LoadedConfig,
  loadConfig,
  type RunValues,
  withRunValues,
} from './load-config.js';
export { MASKED, maskAccessKey, maskSecretFields, maskUrlSecrets, maskValue } from './mask.js';
export { keyPrefixMatches, matchProvider, scopeOf } from './match-provider.js';
export { credentialsText, fieldText, maskedCredentials, maskedProvider } from './provider-text.js';
export { conflictWarning } from './storage-conflicts.js';
export { type AliasEnvVar, STORAGE_ALIAS_ENV_VARS } from './storage-env-vars.js';
export { ENDPOINT_RULE, type ProviderInput, providerInputSchema } from './storage-schema.js';
export {
  type ConfigConflict,
  PROVIDER_FIELDS,
  type ProviderCredentials,
  type ProviderField,
  type ProviderScheme,
  type ResolvedStorage,
  type StorageProvider,
} from './storage-types.js';
