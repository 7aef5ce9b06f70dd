import type { RunStorage } from '../metadata/records.js';

/**
 * One or two lines saying which storage a run used and where each value came from, e.g.
 * `storage: minio://mlpipeline/v2 (env:SKIFF_PIPELINE_ROOT) via http://minio:9000 (env:MINIO_HOST+MINIO_PORT), ...`.
 */
export function storageLines(storage: RunStorage): string[] {
  const root = `storage: ${storage.pipelineRoot} (${storage.pipelineRootSource})`;
  const provider = storage.provider;
  if (provider === null) return [`${root}, local files`];
  const from = (field: string) => {
    const source = provider.fieldSources[field];
    return source === undefined ? '' : ` (${source})`;
  };
  const details = [
    `endpoint ${provider.endpoint}${from('endpoint')}`,
    `TLS ${provider.secure ? 'on' : 'off'}${from('secure')}`,
    `${provider.forcePathStyle ? 'path-style' : 'virtual-hosted'}${from('forcePathStyle')}`,
    `region ${provider.region}${from('region')}`,
    `credentials ${provider.credentials}${from('credentials')}`,
  ];
  return [root, `  provider ${provider.scheme} from ${provider.source}: ${details.join(', ')}`];
}
