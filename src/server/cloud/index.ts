export { cloudHealth } from './cloud-health.js';
export {
  CLOUD_PROBE_TIMEOUT_MS,
  type CloudMode,
  type CloudProbe,
  type CloudProbeOptions,
  type CloudProbeState,
  createCloudProbe,
  METADATA_PATHS,
} from './cloud-probe.js';
export { settleWithin } from './deadline.js';
export {
  type CloudEnvironment,
  DMI_PRODUCT_NAME_PATH,
  googleCloudHints,
  readDmiProductName,
} from './google-cloud-hints.js';
export { askMetadataServer, MAX_ANSWER_BYTES, type MetadataAnswer, noValue } from './metadata-request.js';
