import http from 'node:http';
import https from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SkiffError } from '../../errors/index.js';
import { normalizeS3Endpoint, type S3Endpoint } from './s3-endpoint.js';
import {
  DEFAULT_S3_REGION,
  DEFAULT_S3_TIMEOUTS,
  type S3Credentials,
  type S3StoreSettings,
} from './s3-settings.js';

/** An S3 client made from settings, with what messages need to name. */
export interface S3Connection {
  readonly client: S3Client;
  /** The normalized endpoint; undefined for AWS's regional endpoint. */
  readonly endpoint: S3Endpoint | undefined;
  /** The endpoint for messages: its URL, or `AWS S3 (us-east-1)`. */
  readonly endpointLabel: string;
  readonly region: string;
}

/**
 * Make the S3 client for `settings`: the SDK's own retries off (the store owns retries), checksums
 * only when an operation requires them (Ceph RGW 16.2 rejects aws-chunked uploads), keep-alive
 * sockets with the configured connect and idle timeouts, and a guard that turns HTML answers
 * into SKIFF_STORAGE_NOT_S3. `timeouts` overrides the settings' timeouts (the probe uses short ones).
 */
export function connectS3(
  settings: S3StoreSettings,
  timeouts: { readonly connectMs: number; readonly requestMs: number } = settings.timeouts ??
    DEFAULT_S3_TIMEOUTS,
): S3Connection {
  const endpoint =
    settings.endpoint === undefined
      ? undefined
      : normalizeS3Endpoint(settings.endpoint, settings.secure ?? true);
  const region = settings.region ?? DEFAULT_S3_REGION;
  const endpointLabel = endpoint?.url ?? `AWS S3 (${region})`;
  const client = new S3Client({
    region,
    ...(endpoint === undefined ? {} : { endpoint: endpoint.url }),
    forcePathStyle: settings.forcePathStyle ?? endpoint !== undefined,
    credentials: credentialProvider(settings.credentials),
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: timeouts.connectMs,
      socketTimeout: timeouts.requestMs,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32 }),
    }),
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as {
        headers?: Record<string, string>;
        body?: { destroy?: () => void };
      };
      if (looksLikeWebPage(response.headers ?? {})) {
        response.body?.destroy?.();
        throw new SkiffError(
          'SKIFF_STORAGE_NOT_S3',
          `${endpointLabel} answered with an HTML page, not S3 (bucket "${settings.bucket}", store ${settings.rootUri})`,
        );
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'skiffNotS3Guard' },
  );
  return { client, endpoint, endpointLabel, region };
}

/**
 * An HTML answer without any `x-amz-*` header comes from a web server, not an S3 service (AWS,
 * MinIO and Ceph send x-amz-request-id; s3rver sends none, but returns HTML only for HTML objects).
 */
function looksLikeWebPage(headers: Record<string, string>): boolean {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return /html/i.test(type) && !Object.keys(headers).some((name) => name.toLowerCase().startsWith('x-amz-'));
}

function credentialProvider(credentials: S3Credentials) {
  switch (credentials.kind) {
    case 'keys':
      return {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
      };
    case 'file':
      // The same file as config file keeps ~/.aws/config out of it: only the named file is read.
      return fromIni({
        filepath: credentials.file,
        configFilepath: credentials.file,
        profile: credentials.profile,
      });
    case 'default-chain':
      return fromNodeProviderChain();
  }
}

/**
 * The keys behind a provider's credentials, resolved now (a shared credentials file or the AWS
 * SDK's chain included): what a task pod on a cluster receives through the storage Secret.
 */
export async function resolveCredentialKeys(
  credentials: S3Credentials,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  const provider = credentialProvider(credentials);
  const keys = typeof provider === 'function' ? await provider() : provider;
  return {
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretAccessKey,
    ...(keys.sessionToken === undefined ? {} : { sessionToken: keys.sessionToken }),
  };
}
