import { createWriteStream, mkdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import type { Config, StorageProvider } from '../../config/index.js';
import type { AttemptOutcome, AttemptRequest, AttemptRunner, Logger } from '../../engine/ports.js';
import { isSkiffError } from '../../errors/index.js';
import { failure, failureFromError } from '../../launcher/attempt-failure.js';
import { attemptLayout, liveLogPathOf } from '../../launcher/attempt-layout.js';
import { storeAttemptLog } from '../../launcher/attempt-log.js';
import type { StoreFor } from '../../launcher/stage-artifacts.js';
import { attemptPlatform } from './attempt-platform.js';
import { attemptScript, needsNoSidecar } from './attempt-script.js';
import type { KubeApi } from './kube-api.js';
import { podPaths } from './pod-command.js';
import { attemptOutcomeOf, parsePodOutcome } from './pod-outcome.js';
import { POD_DIR, type PodPlan, podPlanOf } from './pod-plan.js';
import { isBarePod, podName, podSpec } from './pod-spec.js';
import { nextCheckMs, type PodVerdict, podVerdict } from './pod-verdict.js';
import { PodWatcher } from './pod-watcher.js';
import { pvcStep } from './pvc-steps.js';
import { type PodStorage, podStorage } from './storage-secret.js';

/** What the Kubernetes runner is built from (wired by createServices). */
export interface KubernetesRunnerDeps {
  readonly api: KubeApi;
  readonly settings: Config['executor']['kubernetes'];
  readonly kfpRuntime: Config['executor']['python']['kfpRuntime'];
  readonly timeoutSeconds?: number;
  readonly providers: readonly StorageProvider[];
  readonly retry: Config['storage']['retry'];
  readonly storeFor: StoreFor;
  /** `<home>/logs`: the live copies of pod logs. */
  readonly logsDir: string;
  readonly log: Logger;
}

/** How long a failed main container's sidecar may take to store the log and report. */
const SIDECAR_REPORT_WAIT_MS = 30_000;

/** An AttemptRunner that runs each attempt as one pod, and can be closed. */
export interface KubernetesRunner extends AttemptRunner {
  close(): Promise<void>;
}

/**
 * The Kubernetes executor: each attempt is one pod in the component's image with Skiff's sidecar;
 * one watch follows every pod; every way a pod can fail becomes an attempt outcome with a kind.
 */
export function createKubernetesRunner(deps: KubernetesRunnerDeps): KubernetesRunner {
  const { api, settings } = deps;
  const namespace = settings.namespace;
  const watcher = new PodWatcher(api, namespace, deps.log);
  const limits = {
    imagePullWaitMs: settings.imagePullWaitSeconds * 1000,
    unschedulableWaitMs: settings.unschedulableWaitSeconds * 1000,
  };
  const timers = new Set<NodeJS.Timeout>();
  let storage: Promise<PodStorage> | undefined;
  const podStorageOnce = () => {
    storage ??= podStorage(deps.providers, namespace).then(async (made) => {
      await api.applySecret(made.secret);
      return made;
    });
    storage.catch(() => {
      storage = undefined; // try again on the next attempt
    });
    return storage;
  };

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  function removePod(name: string, failed: boolean): void {
    const remove = () => void api.deletePod(namespace, name).catch(() => {});
    if (!failed) remove();
    else later(settings.keepFailedPodsSeconds * 1000, remove);
  }

  async function run(request: AttemptRequest): Promise<AttemptOutcome> {
    const { context } = request;
    if (context.pipelineRoot.startsWith('file:')) {
      return asOutcome(
        failure(
          'SKIFF_K8S_LOCAL_ROOT',
          `pipeline root ${context.pipelineRoot} is on this machine, which task pods on the cluster cannot reach; fix: use an s3:// or minio:// pipelineRoot with a storage provider`,
        ),
      );
    }
    const step = pvcStep({
      runId: context.runId,
      taskPath: context.taskPath,
      executorLabel: request.component.executorLabel,
      image: request.container.image,
      parameters: request.inputs.parameters,
    });
    if (step !== undefined) return runPvcStep(step);
    const platform = attemptPlatform(request);
    if ('ok' in platform) return platform;
    const pods = await podStorageOnce();
    const plan = podPlanOf(request, {
      kfpRuntime: deps.kfpRuntime,
      storage: { providers: pods.providers, retry: deps.retry },
    });
    const bare = needsNoSidecar(plan) ? bareScript(plan) : undefined;
    const pod = podSpec({
      ...(bare ? { bare } : {}),
      context,
      namespace,
      image: request.container.image,
      planJson: JSON.stringify(plan),
      storage: pods,
      platform: platform.parts,
      ...(platform.resources ? { resources: platform.resources } : {}),
      settings,
      ...(deps.timeoutSeconds === undefined ? {} : { timeoutSeconds: deps.timeoutSeconds }),
    });
    const release = await request.processSlot.acquire();
    try {
      await watcher.ready();
      if (request.signal.aborted) return canceled(null);
      // A pod of that name was made by an earlier server for this very attempt: follow it, never a second one.
      await api.createPod(namespace, pod);
      return await follow(podName(context), request);
    } finally {
      release();
    }
  }

  /** KFP's CreatePVC / DeletePVC steps: done by Skiff through the API, no pod. */
  async function runPvcStep(result: NonNullable<ReturnType<typeof pvcStep>>): Promise<AttemptOutcome> {
    if (!result.ok) return asOutcome(failureFromError(result.error));
    const { step } = result;
    if (step.kind === 'create') {
      await api.createPvc(namespace, step.pvc); // one that exists already was made by an earlier try
      return {
        ok: true,
        outputs: { parameters: { name: step.outputs.name }, artifacts: {} },
        exitCode: 0,
        logUri: null,
      };
    }
    await api.deletePvc(namespace, step.name);
    return { ok: true, outputs: { parameters: {}, artifacts: {} }, exitCode: 0, logUri: null };
  }

  /** Follow an attempt's pod to its end; stream its log meanwhile. */
  function follow(name: string, request: AttemptRequest): Promise<AttemptOutcome> {
    const { context } = request;
    const liveLog = liveLogPathOf(context, deps.logsDir);
    mkdirSync(path.dirname(liveLog), { recursive: true });
    return new Promise<AttemptOutcome>((resolve) => {
      let stopLog: (() => void) | undefined;
      let logStarted = false;
      let settled = false;
      let pendingFailure: Extract<PodVerdict, { kind: 'failed' }> | undefined;
      let checkTimer: NodeJS.Timeout | undefined;
      const finish = (outcome: Promise<AttemptOutcome>) => {
        if (settled) return;
        settled = true;
        unfollow();
        clearTimeout(checkTimer);
        request.signal.removeEventListener('abort', onAbort);
        outcome
          .catch((error: unknown) => asOutcome(failureFromError(error)))
          .then((result) => {
            stopLog?.();
            removePod(name, !result.ok);
            resolve(result);
          });
      };
      const failed = (verdict: Extract<PodVerdict, { kind: 'failed' }>, reported?: string) =>
        finish(
          (async () => {
            const fromPod = reported === undefined ? null : await readOutcome(reported);
            const logUri = fromPod?.logUri ?? (await storeLocalLog(request, liveLog, lastPod));
            return {
              ok: false,
              kind: verdict.failureKind,
              message: verdict.message,
              exitCode: verdict.exitCode,
              logUri,
            } as const;
          })(),
        );
      const deletedByOthers = () =>
        finish(
          (async () => ({
            ...asOutcome(
              failure(
                'SKIFF_K8S_POD_DELETED',
                `pod ${name} in namespace ${namespace} was deleted before the attempt ended`,
              ),
            ),
            logUri: await storeLocalLog(request, liveLog),
          }))(),
        );
      let lastPod: V1Pod | undefined;
      const onPod = (pod: V1Pod) => {
        lastPod = pod;
        // Deleting a pod stops its containers first: their exit must not read as the task's own failure.
        if (pod.metadata?.deletionTimestamp && !request.signal.aborted && !podEnded(pod))
          return deletedByOthers();
        const verdict = podVerdict(pod, Date.now(), limits);
        if (!logStarted && started(pod, logContainer(pod))) {
          logStarted = true;
          api
            .followLog(namespace, name, logContainer(pod), createWriteStream(liveLog))
            .then((stop) => {
              if (settled) stop();
              else stopLog = stop;
            })
            .catch(() => {});
        }
        clearTimeout(checkTimer);
        switch (verdict.kind) {
          case 'main-exited':
            if (isBarePod(pod)) return finish(bareSucceeded(request, liveLog, pod));
            return;
          case 'reported':
            if (pendingFailure) return failed(pendingFailure, verdict.message);
            return finish(reportedOutcome(verdict.message, request, liveLog));
          case 'failed':
            if (sidecarRunning(pod) && pendingFailure === undefined) {
              pendingFailure = verdict;
              checkTimer = setTimeout(() => failed(verdict), SIDECAR_REPORT_WAIT_MS);
              return;
            }
            return failed(verdict);
          default: {
            const waitMs = nextCheckMs(pod, Date.now(), limits);
            if (waitMs !== undefined)
              checkTimer = setTimeout(() => onPod(watcher.pod(name) ?? pod), waitMs + 10);
          }
        }
      };
      const unfollow = watcher.follow(name, (event) => {
        if (event.kind === 'pod') onPod(event.pod);
        else if (!request.signal.aborted) deletedByOthers();
      });
      const onAbort = () => {
        finish(
          api.deletePod(namespace, name, 0).then(
            async () => canceled(await storeLocalLog(request, liveLog)),
            async () => canceled(await storeLocalLog(request, liveLog)),
          ),
        );
      };
      if (request.signal.aborted) onAbort();
      else request.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

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
    if (pod !== undefined && isBarePod(pod)) {
      const text = await api.readLog(namespace, podName(request.context), 'main').catch(() => null);
      if (text !== null) await fs.writeFile(liveLog, text);
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

  /** Follow the pod of an attempt made by an earlier server, if it is still there (running or ended). */
  async function adopt(request: AttemptRequest): Promise<AttemptOutcome | undefined> {
    const name = podName(request.context);
    await watcher.ready();
    const pod = watcher.pod(name) ?? (await api.readPod(namespace, name));
    if (pod === null || pod === undefined || pod.metadata?.deletionTimestamp) return undefined;
    deps.log.info(
      {
        runId: request.context.runId,
        task: request.context.taskPath,
        attempt: request.context.attempt,
        pod: name,
      },
      'adopting the pod of a running attempt',
    );
    const release = await request.processSlot.acquire();
    try {
      return await follow(name, request);
    } finally {
      release();
    }
  }

  return {
    liveLogPath: (context) => liveLogPathOf(context, deps.logsDir),
    adopt: (request) => adopt(request).catch((error: unknown) => asOutcome(failureFromError(error))),
    run: (request) =>
      run(request).catch((error: unknown) =>
        asOutcome(isSkiffError(error) ? failureFromError(error) : failureFromError(error)),
      ),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await watcher.close();
    },
  };
}

function asOutcome(f: {
  kind: AttemptOutcome extends infer O ? (O extends { ok: false; kind: infer K } ? K : never) : never;
  message: string;
  exitCode: number | null;
}): AttemptOutcome {
  return { ok: false, kind: f.kind, message: f.message, exitCode: f.exitCode, logUri: null };
}

function canceled(logUri: string | null): AttemptOutcome {
  return {
    ok: false,
    kind: 'CANCELED',
    message: 'SKIFF_EXEC_CANCELED: the attempt was canceled; its pod was deleted',
    exitCode: null,
    logUri,
  };
}

/** The container whose stdout carries the attempt's log: the sidecar's copy, or main's own in a pod without sidecar. */
function logContainer(pod: V1Pod): string {
  return isBarePod(pod) ? 'main' : 'skiff';
}

function started(pod: V1Pod, container: string): boolean {
  const state = pod.status?.containerStatuses?.find((s) => s.name === container)?.state;
  return state?.running !== undefined || state?.terminated !== undefined;
}

/** The script of an attempt that runs without sidecar, resolved here with the pod's paths. */
function bareScript(plan: PodPlan): { script: string; dirs: string[] } {
  const paths = podPaths();
  const layout = attemptLayout(plan.context, { workDir: paths.work, logsDir: `${POD_DIR}/logs` });
  const { script } = attemptScript(plan, layout, paths.runtime);
  return { script, dirs: [layout.attemptDir, plan.context.workspacePath] };
}

function sidecarRunning(pod: V1Pod): boolean {
  return pod.status?.containerStatuses?.find((s) => s.name === 'skiff')?.state?.running !== undefined;
}

/** True when the pod had ended (phase Succeeded or Failed) before anyone deleted it. */
function podEnded(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
