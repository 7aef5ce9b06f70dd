import { createHash } from 'node:crypto';
import type { V1Secret } from '@kubernetes/client-node';
import type { StorageProvider } from '../../config/index.js';
import { SkiffError } from '../../errors/index.js';
import { resolveCredentialKeys } from '../../storage/s3/index.js';
import type { PodProvider } from './pod-plan.js';

/**
 * The one Secret Skiff manages in the task namespace: the keys of the storage providers of every
 * server and `skiff run` that uses the namespace, each under names derived from what they hold.
 */
export const STORAGE_SECRET = 'skiff-storage';

/** The storage Secret and the providers as pods receive them (credentials named by env variable). */
export interface PodStorage {
  readonly secret: V1Secret & { metadata: { name: string; namespace: string } };
  readonly providers: readonly PodProvider[];
  /** The sidecar's environment variables that read the Secret. */
  readonly env: readonly { name: string; key: string }[];
}

/**
 * Resolve every provider's credentials now (literal keys, a credentials file or the AWS SDK chain)
 * and put them in one Secret; pods get the same provider list as the server, with its keys from
 * that Secret. Providers without credentials are left out (a run on one fails before any pod starts).
 */
export async function podStorage(
  providers: readonly StorageProvider[],
  namespace: string,
): Promise<PodStorage> {
  const data: Record<string, string> = {};
  const env: { name: string; key: string }[] = [];
  const podProviders: PodProvider[] = [];
  for (const [index, provider] of providers.entries()) {
    if (provider.credentials === undefined) continue;
    const { credentials, credentialsNote: _note, ...rest } = provider;
    let keys: Awaited<ReturnType<typeof resolveCredentialKeys>>;
    try {
      keys = await resolveCredentialKeys(credentials);
    } catch (cause) {
      throw new SkiffError(
        'SKIFF_STORAGE_CREDENTIALS',
        `the credentials of storage provider ${provider.scheme}://${provider.bucket ?? '*'} (from ${provider.source}) could not be resolved for task pods: ${String(cause)}`,
        {
          fix: 'Give the provider keys ({ accessKeyId, secretAccessKey }, a credentials file, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).',
          cause,
        },
      );
    }
    const names = {
      accessKeyId: `SKIFF_S3_${index}_ACCESS_KEY_ID`,
      secretAccessKey: `SKIFF_S3_${index}_SECRET_ACCESS_KEY`,
      ...(keys.sessionToken === undefined ? {} : { sessionToken: `SKIFF_S3_${index}_SESSION_TOKEN` }),
    };
    // Keys named by what they hold, not by position: servers and `skiff run`s with other settings
    // share this Secret, each adding its own keys and leaving the others' (kube-client applySecret).
    const tag = createHash('sha256')
      .update(JSON.stringify([rest.scheme, rest.bucket, rest.keyPrefix, rest.endpoint, keys]))
      .digest('hex')
      .slice(0, 16);
    for (const [field, name] of Object.entries(names)) {
      const key = `provider-${tag}-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      data[key] = Buffer.from(keys[field as keyof typeof keys] ?? '').toString('base64');
      env.push({ name, key });
    }
    podProviders.push({ ...rest, credentialsEnv: names });
  }
  return {
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: STORAGE_SECRET,
        namespace,
        labels: { 'app.kubernetes.io/managed-by': 'skiff' },
      },
      data,
    },
    providers: podProviders,
    env,
  };
}
