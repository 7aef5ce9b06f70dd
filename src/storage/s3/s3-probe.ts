import { randomUUID } from 'node:crypto';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import { normalizeS3Endpoint } from './s3-endpoint.js';
import { classifyS3Error, type S3CallContext } from './s3-errors.js';
import { hostAndPort, resolveHost, tcpConnect, tlsHandshake } from './s3-network.js';
import { S3ObjectStore } from './s3-object-store.js';
import { DEFAULT_S3_REGION, type S3StoreSettings } from './s3-settings.js';

/** One check of {@link probeS3}. */
export interface S3ProbeStep {
  readonly name: 'dns' | 'tcp' | 'tls' | 'bucket' | 'put' | 'get' | 'delete';
  readonly ok: boolean;
  /** What was checked and what came back, e.g. `127.0.0.1:9000 accepts connections`. */
  readonly detail: string;
  readonly durationMs: number;
  readonly error?: SkiffError;
}

/** The outcome of {@link probeS3}: every step run, stopping at the first failure. */
export interface S3ProbeResult {
  readonly ok: boolean;
  /** The endpoint URL, or `AWS S3 (region)`. */
  readonly endpoint: string;
  readonly rootUri: string;
  readonly steps: readonly S3ProbeStep[];
}

/** Connect timeout of each probe step. */
const PROBE_CONNECT_MS = 2_000;
/** Socket idle timeout of the probe's S3 requests. */
const PROBE_IDLE_MS = 3_000;

/**
 * Preflight of one S3 store (for `skiff doctor` and before runs start): DNS lookup, TCP connect,
 * TLS handshake (secure endpoints only), credentials and bucket (a one-key listing under the
 * root), then put, get and delete of a probe object `.skiff-probe/<uuid>` under the root. Stops
 * at the first failure; short timeouts and no retries keep a dead endpoint to a few seconds.
 */
export async function probeS3(settings: S3StoreSettings, signal?: AbortSignal): Promise<S3ProbeResult> {
  const region = settings.region ?? DEFAULT_S3_REGION;
  const steps: S3ProbeStep[] = [];
  let endpointLabel = `AWS S3 (${region})`;
  const finish = () => ({
    ok: steps.every((step) => step.ok),
    endpoint: endpointLabel,
    rootUri: settings.rootUri,
    steps,
  });
  const where: S3CallContext = {
    operation: 'probe',
    uri: settings.rootUri,
    endpoint: endpointLabel,
    bucket: settings.bucket,
  };
  let url: string;
  let secure: boolean;
  try {
    const endpoint =
      settings.endpoint === undefined
        ? undefined
        : normalizeS3Endpoint(settings.endpoint, settings.secure ?? true);
    const awsHost = `${settings.forcePathStyle ? '' : `${settings.bucket}.`}s3.${region}.amazonaws.com`;
    url = endpoint?.url ?? `https://${awsHost}`;
    secure = endpoint?.secure ?? true;
    endpointLabel = endpoint?.url ?? endpointLabel;
  } catch (error) {
    if (!isSkiffError(error)) throw error;
    steps.push({ name: 'dns', ok: false, detail: 'the endpoint is not a host[:port]', durationMs: 0, error });
    return finish();
  }
  const context = { ...where, endpoint: endpointLabel };
  const { host, port } = hostAndPort(url);
  const run = async (name: S3ProbeStep['name'], detail: string, action: () => Promise<unknown>) => {
    const started = performance.now();
    try {
      signal?.throwIfAborted();
      await action();
      steps.push({ name, ok: true, detail, durationMs: Math.round(performance.now() - started) });
      return true;
    } catch (cause) {
      const error = probeError(name, cause, context);
      steps.push({
        name,
        ok: false,
        detail: `${detail}: failed`,
        durationMs: Math.round(performance.now() - started),
        error,
      });
      return false;
    }
  };

  let address = host;
  const ok =
    (await run('dns', `${host} resolves`, async () => {
      address = await resolveHost(host, PROBE_CONNECT_MS);
    })) &&
    (await run('tcp', `${host}:${port} accepts connections`, () =>
      tcpConnect(address, port, PROBE_CONNECT_MS),
    )) &&
    (!secure ||
      (await run('tls', `TLS handshake with ${host}:${port}`, () =>
        tlsHandshake(host, port, PROBE_CONNECT_MS, true),
      )));
  if (!ok) return finish();

  const store = new S3ObjectStore({
    ...settings,
    retry: { maxAttempts: 1, budgetMs: 0 },
    timeouts: { connectMs: PROBE_CONNECT_MS, requestMs: PROBE_IDLE_MS },
  });
  try {
    const key = `.skiff-probe/${randomUUID()}`;
    const body = `skiff probe ${new Date().toISOString()}`;
    await ((await run('bucket', `credentials accepted; bucket "${settings.bucket}" lists`, () =>
      store.checkBucket(),
    )) &&
      (await run('put', `wrote ${settings.rootUri}/${key}`, () => store.put(key, body))) &&
      (await run('get', `read ${settings.rootUri}/${key} back`, async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of await store.get(key)) chunks.push(Buffer.from(chunk));
        const text = Buffer.concat(chunks).toString('utf8');
        if (text !== body)
          throw new SkiffError(
            'SKIFF_STORAGE_NOT_S3',
            `probe ${settings.rootUri}/${key} at ${endpointLabel}: read back ${JSON.stringify(text.slice(0, 80))}, wrote ${JSON.stringify(body)}`,
          );
      })) &&
      (await run('delete', `deleted ${settings.rootUri}/${key}`, () => store.delete(key))));
  } finally {
    store.close();
  }
  return finish();
}

function probeError(step: S3ProbeStep['name'], cause: unknown, where: S3CallContext): SkiffError {
  const error = classifyS3Error(cause, { ...where, operation: `probe (${step})` }).error;
  if (step === 'tls' && error.code !== 'SKIFF_STORAGE_TLS') {
    return new SkiffError(
      'SKIFF_STORAGE_TLS',
      `${where.endpoint}: the TLS handshake failed (${error.message})`,
      { cause },
    );
  }
  if (step === 'tcp' && error.code === 'SKIFF_STORAGE_IO') {
    return new SkiffError('SKIFF_STORAGE_UNREACHABLE', error.message, { cause });
  }
  return error;
}
