import type { Config } from '../../config/index.js';
import type { Logger } from '../../engine/index.js';
import { settleWithin } from './deadline.js';
import { type CloudEnvironment, googleCloudHints } from './google-cloud-hints.js';
import { askMetadataServer, type MetadataAnswer, noValue } from './metadata-request.js';

/** `cloud.metadata`: off (never a network call), auto (probe when hints say Google Cloud), gke (always probe). */
export type CloudMode = Config['cloud']['metadata'];

/** The metadata server paths the probe asks. */
export const METADATA_PATHS = {
  projectId: '/computeMetadata/v1/project/project-id',
  clusterName: '/computeMetadata/v1/instance/attributes/cluster-name',
} as const;

/** Default hard time limit of the whole probe (DNS, connect and body of both requests), in ms. */
export const CLOUD_PROBE_TIMEOUT_MS = 500;

/** The probe's cached outcome, which requests read without waiting. */
export interface CloudProbeState {
  readonly mode: CloudMode;
  /** `cloud.metadataHost`: host[:port] of the metadata server. */
  readonly host: string;
  /** skipped: off or no hint, no network call made; probing: running in the background; done: finished. */
  readonly phase: 'skipped' | 'probing' | 'done';
  readonly projectId: MetadataAnswer;
  readonly clusterName: MetadataAnswer;
  /** Why the probe ran (the hints, or `cloud.metadata is gke`) or why it did not. */
  readonly because: string;
}

/** The cloud probe of one server: started once at server start, then read. */
export interface CloudProbe {
  /** The current state; never waits, never throws. */
  state(): CloudProbeState;
  /** Resolves when the probe is done or skipped; never rejects. */
  settled(): Promise<CloudProbeState>;
  /** Abort a probe in flight (server shutdown) and wait for it to settle. */
  close(): Promise<void>;
}

/** What startCloudProbe needs: the two `cloud.*` keys, where to look for hints, and a logger. */
export interface CloudProbeOptions {
  readonly mode: CloudMode;
  readonly metadataHost: string;
  readonly environment: CloudEnvironment;
  readonly log: Logger;
  /** Hard time limit of the probe in ms; default CLOUD_PROBE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

/**
 * Start the probe: `off` answers at once and makes no call at all; `auto` looks for hints of Google
 * Cloud and asks the metadata server only if there is one; `gke` always asks. Runs in the background,
 * once, within a hard time limit, and caches the outcome. Logs the outcome, never the answers' bodies.
 */
export function startCloudProbe(options: CloudProbeOptions): CloudProbe {
  const { mode, metadataHost: host, log } = options;
  const timeoutMs = options.timeoutMs ?? CLOUD_PROBE_TIMEOUT_MS;
  const stop = new AbortController();
  const both = (reason: string) => ({ projectId: noValue(reason), clusterName: noValue(reason) });
  let current: CloudProbeState =
    mode === 'off'
      ? { mode, host, phase: 'skipped', because: 'cloud.metadata is off', ...both('off') }
      : { mode, host, phase: 'probing', because: 'starting', ...both('probe in progress') };

  const run = async (): Promise<void> => {
    let because = 'cloud.metadata is gke';
    if (mode === 'auto') {
      const hints = await googleCloudHints(options.environment);
      if (hints.length === 0) {
        current = {
          ...current,
          phase: 'skipped',
          because: 'no hint of Google Cloud',
          ...both('not on Google Cloud'),
        };
        return;
      }
      because = hints.join('; ');
    }
    if (stop.signal.aborted) {
      current = { ...current, phase: 'done', ...both('probe stopped') };
      return;
    }
    current = { ...current, because };
    const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]);
    const timedOut = `timed out after ${timeoutMs} ms`;
    const ask = async (path: string) => {
      const answer = await settleWithin(askMetadataServer(host, path, signal), timeoutMs, () =>
        noValue(timedOut),
      );
      if (answer.found || answer.reason !== 'aborted') return answer;
      return noValue(stop.signal.aborted ? 'probe stopped' : timedOut);
    };
    const [projectId, clusterName] = await Promise.all([
      ask(METADATA_PATHS.projectId),
      ask(METADATA_PATHS.clusterName),
    ]);
    current = { ...current, phase: 'done', projectId, clusterName };
  };

  const done: Promise<void> =
    mode === 'off'
      ? Promise.resolve().then(() => logOutcome(log, current))
      : run()
          .catch((error: unknown) => {
            // A bug in the probe must not take the server down: it becomes the probe's outcome.
            const reason = `probe failed: ${error instanceof Error ? error.message : String(error)}`;
            current = { ...current, phase: 'done', ...both(reason) };
          })
          .finally(() => {
            stop.abort();
            logOutcome(log, current);
          });
  return {
    state: () => current,
    settled: () => done.then(() => current),
    async close() {
      stop.abort();
      await done;
    },
  };
}

function logOutcome(log: Logger, state: CloudProbeState): void {
  const text = (answer: MetadataAnswer) => (answer.found ? answer.value : `unknown (${answer.reason})`);
  log.info(
    {
      mode: state.mode,
      host: state.host,
      because: state.because,
      projectId: text(state.projectId),
      clusterName: text(state.clusterName),
    },
    'cloud probe finished',
  );
}
