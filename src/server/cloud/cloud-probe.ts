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

/** The cloud probe of one server: created with the routes, started once the server listens, then read. */
export interface CloudProbe {
  /** Start probing in the background (the time limit starts now); later calls do nothing. */
  start(): void;
  /** The current state; never waits, never throws. */
  state(): CloudProbeState;
  /** Resolves when the probe is done or skipped (or closed before it started); never rejects. */
  settled(): Promise<CloudProbeState>;
  /** Abort a probe in flight (server shutdown) and wait for it to settle. */
  close(): Promise<void>;
}

/** What createCloudProbe needs: the two `cloud.*` keys, where to look for hints, and a logger. */
export interface CloudProbeOptions {
  readonly mode: CloudMode;
  readonly metadataHost: string;
  readonly environment: CloudEnvironment;
  readonly log: Logger;
  /** Hard time limit of the probe in ms; default CLOUD_PROBE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

/**
 * The probe: `off` is settled at once and makes no call at all; once started, `auto` looks for hints
 * of Google Cloud and asks the metadata server only if there is one; `gke` always asks. Runs in the
 * background, once, within a hard time limit, and caches the outcome. Logs the outcome, never bodies.
 */
export function createCloudProbe(options: CloudProbeOptions): CloudProbe {
  const { mode, metadataHost: host, log } = options;
  const timeoutMs = options.timeoutMs ?? CLOUD_PROBE_TIMEOUT_MS;
  const stop = new AbortController();
  const both = (reason: string) => ({ projectId: noValue(reason), clusterName: noValue(reason) });
  let current: CloudProbeState =
    mode === 'off'
      ? { mode, host, phase: 'skipped', because: 'cloud.metadata is off', ...both('off') }
      : {
          mode,
          host,
          phase: 'probing',
          because: mode === 'gke' ? 'cloud.metadata is gke' : 'looking for hints of Google Cloud',
          ...both('probe in progress'),
        };
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let started = false;

  const run = async (): Promise<void> => {
    let because = 'cloud.metadata is gke';
    if (mode === 'auto' && !stop.signal.aborted) {
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
    const [projectId, clusterName] = await askBoth(host, timeoutMs, stop.signal);
    current = { ...current, phase: 'done', projectId, clusterName };
  };

  const logged = (): void => {
    try {
      logOutcome(log, current);
    } catch {
      // A logger that throws must not crash the server; the outcome stays readable in /healthz and /system/*.
    }
  };
  const start = (): void => {
    if (started) return;
    started = true;
    const work =
      mode === 'off'
        ? Promise.resolve()
        : run().catch((error: unknown) => {
            // A bug in the probe must not take the server down: it becomes the probe's outcome.
            const reason = `probe failed: ${error instanceof Error ? error.message : String(error)}`;
            current = { ...current, phase: 'done', ...both(reason) };
          });
    void work.then(() => {
      stop.abort(); // ends any request still open
      logged();
      finish();
    });
  };
  if (mode === 'off') finish();
  return {
    start,
    state: () => current,
    settled: () => finished.then(() => current),
    async close() {
      stop.abort();
      start();
      await finished;
    },
  };
}

/** Ask for the project id and the cluster name at once, both within `timeoutMs` of now. */
async function askBoth(
  host: string,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<[MetadataAnswer, MetadataAnswer]> {
  const signal = AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]);
  const timedOut = `timed out after ${timeoutMs} ms`;
  const ask = async (path: string) => {
    const answer = await settleWithin(askMetadataServer(host, path, signal), timeoutMs, () =>
      noValue(timedOut),
    );
    if (answer.found || answer.reason !== 'aborted') return answer;
    return noValue(stop.aborted ? 'probe stopped' : timedOut);
  };
  const [projectId, cluster] = await Promise.all([
    ask(METADATA_PATHS.projectId),
    ask(METADATA_PATHS.clusterName),
  ]);
  // A GCE VM outside GKE has a metadata server but no cluster-name attribute.
  const clusterName =
    !cluster.found && cluster.reason === 'HTTP 404'
      ? noValue('HTTP 404 (no cluster-name attribute: not a GKE node)')
      : cluster;
  return [projectId, clusterName];
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
