import { SkiffError } from '../../errors/index.js';
import { isLocalFileError } from './local-files.js';
import type { S3Connection } from './s3-client.js';
import { classifyS3Error, describeS3Cause, type S3CallContext, type S3Failure } from './s3-errors.js';
import { hostAndPort, speaksTls } from './s3-network.js';
import { retryTransient } from './s3-retry.js';
import { DEFAULT_S3_RETRY, type S3StoreSettings } from './s3-settings.js';

/** How long a failed first contact may spend asking whether the port speaks TLS. */
const TLS_SNIFF_MS = 2_000;

/**
 * Runs the S3 calls of one store: retries transient failures within the settings' budget and
 * turns every failure into a SkiffError naming the operation, URI and endpoint. Until the
 * endpoint has answered once, network failures are not retried (a wrong endpoint is a
 * configuration problem): they are reported as SKIFF_STORAGE_UNREACHABLE, or SKIFF_STORAGE_TLS
 * when a plain-http endpoint turns out to speak TLS.
 */
export class S3Calls {
  private reached: boolean;

  constructor(
    private readonly settings: S3StoreSettings,
    private readonly connection: S3Connection,
    private readonly rootUri: string,
  ) {
    this.reached = settings.endpointVerified === true;
  }

  /** What messages name for `operation` on `key` (relative to the store root). */
  context(operation: string, key: string): S3CallContext {
    return {
      operation,
      uri: key === '' ? this.rootUri : `${this.rootUri}/${key}`,
      endpoint: this.connection.endpointLabel,
      bucket: this.settings.bucket,
    };
  }

  /** Run `action` with transient-error retry; `replayable` false sends it once (a caller's stream). */
  run<T>(operation: string, key: string, replayable: boolean, action: () => Promise<T>): Promise<T> {
    const retry = this.settings.retry ?? DEFAULT_S3_RETRY;
    const where = this.context(operation, key);
    return retryTransient(
      {
        ...retry,
        replayable,
        classify: (error) => this.classify(error, where),
        exhausted: (attempts, elapsedMs, last) =>
          new SkiffError(
            'SKIFF_STORAGE_IO',
            `${operation} ${where.uri} at ${where.endpoint} failed after ${attempts} attempts in ${elapsedMs} ms ` +
              `(retry budget ${retry.maxAttempts} attempts / ${retry.budgetMs} ms); ` +
              `last error: ${describeS3Cause(last.error.cause ?? last.error)}`,
            {
              fix: `Check that the server at ${where.endpoint} is up and healthy; the task's retryPolicy retries the attempt.`,
              cause: last.error,
            },
          ),
        onRetry: (attempt, delayMs, error) =>
          this.settings.onRetry?.({ operation, key, attempt, delayMs, error }),
      },
      async () => {
        const result = await action();
        this.reached = true;
        return result;
      },
    );
  }

  /** Run a local file-system step once, reporting a failure as a SkiffError naming the object. */
  async local<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw (await this.classify(error, this.context(operation, key))).error;
    }
  }

  private async classify(error: unknown, where: S3CallContext): Promise<S3Failure> {
    if (isLocalFileError(error)) {
      const message = `${where.operation} ${where.uri}: local file ${error.path}: ${error.message}`;
      return {
        error: new SkiffError('SKIFF_STORAGE_IO', message, { cause: error }),
        transient: false,
        network: false,
      };
    }
    const failure = classifyS3Error(error, where);
    if (!failure.network) {
      this.reached = true;
      return failure;
    }
    if (this.reached || (error as { name?: unknown }).name === 'AbortError') return failure;
    return { ...failure, transient: false, error: await this.firstContactError(failure, where) };
  }

  /** A network failure before the endpoint ever answered: a wrong endpoint, or https spoken as http. */
  private async firstContactError(failure: S3Failure, where: S3CallContext): Promise<SkiffError> {
    if (failure.error.code !== 'SKIFF_STORAGE_IO') return failure.error;
    const endpoint = this.connection.endpoint;
    const cause = describeS3Cause(failure.error.cause);
    const prefix = `${where.operation} ${where.uri} at ${where.endpoint}`;
    if (endpoint !== undefined && !endpoint.secure) {
      const { host, port } = hostAndPort(endpoint.url);
      if (await speaksTls(host, port, TLS_SNIFF_MS)) {
        const message = `${prefix}: the endpoint speaks TLS but is configured as plain http (${cause})`;
        return new SkiffError('SKIFF_STORAGE_TLS', message, {
          fix: `Use https://${endpoint.url.slice('http://'.length)} (or secure: true) for this endpoint.`,
          cause: failure.error,
        });
      }
    }
    const message = `${prefix}: the server closed the connection without answering (${cause})`;
    return new SkiffError('SKIFF_STORAGE_UNREACHABLE', message, { cause: failure.error });
  }
}
