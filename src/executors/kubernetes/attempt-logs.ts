import fs from 'node:fs/promises';
import type { V1Pod } from '@kubernetes/client-node';
import type { AttemptOutcome, AttemptRequest } from '../../engine/ports.js';
import { failure } from '../../launcher/attempt-failure.js';
import { attemptLayout } from '../../launcher/attempt-layout.js';
import { storeAttemptLog } from '../../launcher/attempt-log.js';
import type { StoreFor } from '../../launcher/stage-artifacts.js';
import type { KubeApi } from './kube-api.js';
import { completeLiveLog } from './log-merge.js';
import { asOutcome } from './outcomes.js';
import { attemptOutcomeOf, outcomeUriOf, type PodOutcome, parsePodOutcome } from './pod-outcome.js';
import { isBarePod, podName } from './pod-spec.js';

/** What reading outcomes and storing logs of pods needs. */
export interface AttemptLogsDeps {
  readonly api: KubeApi;
  readonly namespace: string;
  readonly storeFor: StoreFor;
  /** `<home>/logs`: the live copies of pod logs. */
  readonly logsDir: string;
}

/** Outcomes reported by pods, and the logs the server stores for pods that could not store their own. */
export interface AttemptLogs {
  /** The outcome in a sidecar's termination message (or stored where it points); null when it is not one. */
  readOutcome(message: string): Promise<Exclude<PodOutcome, { stored: string }> | null>;
  /** The attempt's outcome from the sidecar's report. */
  reportedOutcome(message: string, request: AttemptRequest, liveLog: string): Promise<AttemptOutcome>;
  /** A pod without sidecar ended with code 0: the attempt succeeded (it has no outputs). */
  bareSucceeded(request: AttemptRequest, liveLog: string, pod: V1Pod): Promise<AttemptOutcome>;
  /**
   * The outcome the attempt's sidecar stored next to its log, for an attempt whose pod is gone;
   * undefined when there is none (the pod ended before reporting, or had no sidecar).
   */
  storedOutcome(request: AttemptRequest): Promise<AttemptOutcome | undefined>;
  /** Store the server's copy of an attempt's log; its URI, or null when there is none. */
  storeLocalLog(request: AttemptRequest, liveLog: string, pod?: V1Pod): Promise<string | null>;
}

/** The outcomes and logs of one runner's pods. */
export function attemptLogs(deps: AttemptLogsDeps): AttemptLogs {
  const { api, namespace } = deps;
  async function readOutcome(message: string) {
    const parsed = parsePodOutcome(message);
    if (parsed === null || !('stored' in parsed)) return parsed;
    const store = deps.storeFor(parsed.stored);
    const key = parsed.stored.slice(store.rootUri.length).replace(/^\/+/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(key)) chunks.push(Buffer.from(chunk));
    const stored = parsePodOutcome(Buffer.concat(chunks).toString('utf8'));
    return stored === null || 'stored' in stored ? null : stored;
  }

  async function storedOutcome(request: AttemptRequest): Promise<AttemptOutcome | undefined> {
    const { logUri } = attemptLayout(request.context, { workDir: '', logsDir: deps.logsDir });
    const outcome = await readOutcome(JSON.stringify({ stored: outcomeUriOf(logUri) })).catch(() => null);
    if (outcome === null) return undefined;
    return attemptOutcomeOf(outcome, outcome.logUri);
  }

  async function reportedOutcome(
    message: string,
    request: AttemptRequest,
    liveLog: string,
  ): Promise<AttemptOutcome> {
    const outcome = await readOutcome(message);
    if (outcome === null || 'stored' in outcome) {
      return {
        ...asOutcome(
          failure(
            'SKIFF_K8S_PLAN',
            `the sidecar reported something that is not an outcome: ${message.slice(0, 200)}`,
          ),
        ),
        logUri: await storeLocalLog(request, liveLog),
      };
    }
    // The sidecar stored the log itself; the server's copy is stored only when it could not.
    return attemptOutcomeOf(outcome, outcome.logUri ?? (await storeLocalLog(request, liveLog)));
  }

  /** A pod without sidecar ended with code 0: the attempt succeeded (it has no outputs); the server stores its log. */
  async function bareSucceeded(
    request: AttemptRequest,
    liveLog: string,
    pod: V1Pod,
  ): Promise<AttemptOutcome> {
    const logUri = await storeLocalLog(request, liveLog, pod);
    return { ok: true, outputs: { parameters: {}, artifacts: {} }, exitCode: 0, logUri };
  }

  /**
   * Store the server's copy of the pod log (when the pod could not store its own). A pod without
   * sidecar has its whole log read from the kubelet first: the streamed copy may lag behind its end.
   */
  async function storeLocalLog(
    request: AttemptRequest,
    liveLog: string,
    pod?: V1Pod,
  ): Promise<string | null> {
    if (pod !== undefined) {
      // The whole log as the kubelet keeps it: the streamed copy may lag behind the pod's end.
      const container = isBarePod(pod) ? 'main' : 'skiff';
      const text = await api.readLog(namespace, podName(request.context), container).catch(() => null);
      // Only what the streamed copy lacks is added: the kubelet may keep only the log's last part.
      if (text !== null) await completeLiveLog(liveLog, text);
    }
    const layout = {
      ...attemptLayout(request.context, { workDir: '', logsDir: deps.logsDir }),
      liveLogPath: liveLog,
    };
    const exists = await fs.stat(liveLog).then(
      () => true,
      () => false,
    );
    if (!exists) return null;
    const stored = await storeAttemptLog(deps.storeFor, request.context, layout, new Set());
    return stored;
  }

  return { readOutcome, reportedOutcome, storedOutcome, bareSucceeded, storeLocalLog };
}
