import { type LoadedConfig, matchProvider, scopeOf } from '../config/index.js';
import { isSkiffError } from '../errors/index.js';
import { type ProviderStores, parseStorageUri, type S3ProbeStep } from '../storage/index.js';
import { checkFileRoot } from './check-file-root.js';
import type { DoctorCheck } from './doctor-report.js';

/**
 * Storage lines of the doctor report: the pipeline root (resolved to its provider, then DNS, TCP,
 * TLS, credentials and bucket, put/get/delete of a probe object under the root), and every other
 * provider that names a bucket, probed under its bucket and key prefix.
 */
export async function checkStorage(
  loaded: LoadedConfig,
  stores: ProviderStores,
  signal?: AbortSignal,
): Promise<DoctorCheck[]> {
  const root = loaded.config.pipelineRoot;
  const rootSource = loaded.sources.get('pipelineRoot') ?? 'default';
  const checks = await checkLocation(root, `pipeline root ${root} (from ${rootSource})`, stores, signal);
  const rootProvider = matchProvider(root, loaded.storage.providers)?.provider;
  for (const provider of loaded.storage.providers) {
    if (provider === rootProvider) continue;
    const scope = scopeOf(provider);
    if (provider.bucket === undefined) {
      checks.push({
        name: 'storage',
        target: `provider ${scope} (from ${provider.source})`,
        status: 'skip',
        detail: 'serves any bucket; probed when a pipeline root or artifact uses it',
      });
      continue;
    }
    checks.push(
      ...(await checkLocation(scope, `provider ${scope} (from ${provider.source})`, stores, signal)),
    );
  }
  return checks;
}

async function checkLocation(
  uri: string,
  target: string,
  stores: ProviderStores,
  signal?: AbortSignal,
): Promise<DoctorCheck[]> {
  let location: ReturnType<ProviderStores['resolve']>;
  try {
    location = stores.resolve(uri);
  } catch (error) {
    if (!isSkiffError(error)) throw error;
    return [
      {
        name: 'storage provider',
        target,
        status: 'fail',
        detail: error.message,
        fix: error.fix,
        code: error.code,
      },
    ];
  }
  if (location.settings === null) return [await checkFileRoot(uri, location.storage.pipelineRootSource)];
  const provider = location.storage.provider!;
  const endpointSource = provider.fieldSources.endpoint ?? provider.source;
  const resolved: DoctorCheck = {
    name: 'storage provider',
    target,
    status: 'ok',
    detail: `${provider.scheme} provider from ${provider.source}; endpoint ${provider.endpoint} (from ${endpointSource}), TLS ${provider.secure ? 'on' : 'off'}, ${provider.forcePathStyle ? 'path-style' : 'virtual-hosted'}, region ${provider.region}, credentials ${provider.credentials}`,
  };
  const settings = { ...location.settings, rootUri: uri, prefix: parseStorageUri(uri).path };
  // Loaded here: the AWS SDK is not part of every `skiff` start-up.
  const { probeS3 } = await import('../storage/s3/s3-probe.js');
  const probe = await probeS3(settings, signal);
  return [resolved, ...probe.steps.map((step) => stepCheck(step, provider.endpoint))];
}

function stepCheck(step: S3ProbeStep, endpoint: string): DoctorCheck {
  const base = {
    name: `storage ${step.name}`,
    target: endpoint,
    detail: step.detail,
    durationMs: step.durationMs,
  };
  if (step.ok) return { ...base, status: 'ok' };
  return {
    ...base,
    status: 'fail',
    detail: step.error?.message ?? step.detail,
    ...(step.error ? { fix: step.error.fix, code: step.error.code } : {}),
  };
}
