import { SkiffError } from '../errors/index.js';
import { isUiAssetPath } from './ui/index.js';

/** Health paths answered while the server is starting (liveness and readiness probes). */
export const HEALTH_PATHS: ReadonlySet<string> = new Set(['/healthz', '/apis/v2beta1/healthz']);

/**
 * Whether the server is ready: it listens at once, but executes and answers API calls only after
 * it holds the metadata store's lease. Until then health answers 503 with `reason`, other calls 503
 * SKIFF_SERVER_STARTING.
 */
export class Readiness {
  #reason: string | undefined;

  constructor(reason: string) {
    this.#reason = reason;
  }

  /** Why the server is not ready yet; undefined once it is. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Say what the server waits for now. */
  waitFor(reason: string): void {
    if (this.#reason !== undefined) this.#reason = reason;
  }

  ready(): void {
    this.#reason = undefined;
  }

  /** Throw SKIFF_SERVER_STARTING for a call other than health (or the UI's static files) while not ready. */
  check(method: string, path: string): void {
    const reason = this.#reason;
    if (reason === undefined || HEALTH_PATHS.has(path) || isUiAssetPath(path)) return;
    throw new SkiffError('SKIFF_SERVER_STARTING', `${method} ${path}: the server is starting (${reason})`);
  }
}
