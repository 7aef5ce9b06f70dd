import type { StorageCheck, StorageGate } from '../engine/ports.js';
import { isSkiffError, SkiffError } from '../errors/index.js';
import { probeFileRoot } from './file/probe-file-root.js';
import type { ProviderStores } from './provider-stores.js';
import { parseStorageUri } from './uri.js';

/**
 * The engine's StorageGate over the configured providers: resolve the pipeline root, then for S3
 * probe DNS, TCP, TLS, credentials, bucket and a put/get/delete under the root (a few seconds at
 * most when the endpoint is down); for `file://`, refuse pseudo file systems, make the directory and
 * write, read and delete a probe file where the run will write (probeFileRoot). Failures name the root,
 * the endpoint, and where each came from.
 */
export function providerStorageGate(stores: ProviderStores): StorageGate {
  return {
    async check(pipelineRoot: string, signal: AbortSignal): Promise<StorageCheck> {
      let location: ReturnType<ProviderStores['resolve']>;
      try {
        location = stores.resolveRoot(pipelineRoot);
      } catch (error) {
        if (!isSkiffError(error)) throw error;
        return { ok: false, storage: null, error };
      }
      const { storage, settings } = location;
      if (settings === null) {
        const error = await probeFileRoot(pipelineRoot, storage.pipelineRootSource);
        return error === undefined ? { ok: true, storage } : { ok: false, storage, error };
      }
      const root = { ...settings, rootUri: pipelineRoot, prefix: parseStorageUri(pipelineRoot).path };
      // Loaded here: runs on a file:// root never load the AWS SDK.
      const { probeS3 } = await import('./s3/s3-probe.js');
      const probe = await probeS3(root, signal);
      if (probe.ok) return { ok: true, storage };
      const failed = probe.steps.find((step) => !step.ok);
      const cause = failed?.error;
      const provider = storage.provider!;
      const endpointSource = provider.fieldSources.endpoint ?? provider.source;
      const context = `pipeline root ${pipelineRoot} (set in ${storage.pipelineRootSource}), endpoint ${provider.endpoint} (set in ${endpointSource})`;
      const error = new SkiffError(
        cause?.code ?? 'SKIFF_STORAGE_IO',
        `storage check "${failed?.name ?? 'probe'}" failed for ${context}: ${cause?.message ?? failed?.detail ?? 'unknown'}; no task was started`,
        { ...(cause ? { fix: cause.fix, cause } : {}) },
      );
      return { ok: false, storage, error };
    },
  };
}
