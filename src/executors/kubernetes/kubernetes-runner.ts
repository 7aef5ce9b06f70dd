import type { Config, StorageProvider } from '../../config/index.js';
import type { AttemptOutcome, AttemptRequest, AttemptRunner, Logger } from '../../engine/ports.js';
import { failure, failureFromError } from '../../launcher/attempt-failure.js';
import { attemptLayout, liveLogPathOf } from '../../launcher/attempt-layout.js';
import type { StoreFor } from '../../launcher/stage-artifacts.js';
import { attemptLogs } from './attempt-logs.js';
import { attemptPlatform } from './attempt-platform.js';
import { attemptScript, needsNoSidecar } from './attempt-script.js';
import { deleteEndedPods } from './ended-pods.js';
import type { KubeApi } from './kube-api.js';
import { asOutcome, canceled } from './outcomes.js';
import { PLAN_PART_CHARS } from './plan-env.js';
import { podPaths } from './pod-command.js';
import { followPod } from './pod-follow.js';
import { POD_DIR, POD_WORKSPACE_ROOT, type PodPlan, podPlanOf } from './pod-plan.js';
import { podName, podSpec } from './pod-spec.js';
import { PodWatcher } from './pod-watcher.js';
import { pvcStep } from './pvc-steps.js';
import { RunWorkspaces } from './run-workspace.js';
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

/** An AttemptRunner that runs each attempt as one pod, and can be closed. */
export interface KubernetesRunner extends AttemptRunner {
  /** Where runs' workspaces are in task pods (the engine's `workspaceRoot`): `<this>/<run id>`. */
  readonly workspaceRoot: string;
  close(): Promise<void>;
}

/** Time between two looks for ended pods to delete (sweepEndedPods). */
const SWEEP_EVERY_MS = 10 * 60_000;

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

  // Pods other (ended) processes kept past their time: looked for at the first attempt, then at
  // most once per SWEEP_EVERY_MS while attempts start.
  let sweptAtMs = Number.NEGATIVE_INFINITY;
  function sweepEndedPods(): void {
    if (Date.now() - sweptAtMs < SWEEP_EVERY_MS) return;
    sweptAtMs = Date.now();
    deleteEndedPods(api, namespace, settings.keepFailedPodsSeconds * 1000, deps.log).catch((err: unknown) =>
      deps.log.warn({ err, namespace }, 'could not look for ended task pods to delete; trying again later'),
    );
  }

  function removePod(name: string, failed: boolean): void {
    const remove = () => void api.deletePod(namespace, name).catch(() => {});
    if (!failed) remove();
    else later(settings.keepFailedPodsSeconds * 1000, remove);
  }

  const workspaces = new RunWorkspaces(api, namespace, deps.log);
  const logs = attemptLogs({ api, namespace, storeFor: deps.storeFor, logsDir: deps.logsDir });
  const follows = { api, namespace, watcher, limits, logs, logsDir: deps.logsDir, removePod };

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
    sweepEndedPods();
    const workspaceClaim = await workspaces.claim(context.runId, request.workspace);
    const plan = podPlanOf(request, {
      kfpRuntime: deps.kfpRuntime,
      storage: { providers: pods.providers, retry: deps.retry },
    });
    // A script too long for one argument of `sh -c` goes through the sidecar, which writes it to a file.
    const script = needsNoSidecar(plan) ? bareScript(plan) : undefined;
    const bare = script && script.script.length <= PLAN_PART_CHARS ? script : undefined;
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
      ...(workspaceClaim ? { workspaceClaim } : {}),
    });
    const release = await request.processSlot.acquire();
    try {
      await watcher.ready();
      if (request.signal.aborted) return canceled(null);
      // A pod of that name was made by an earlier server for this very attempt: follow it, never a second one.
      await api.createPod(namespace, pod);
      return await followPod(follows, podName(context), request);
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

  /** Follow the pod of an attempt made by an earlier server, if it is still there (running or ended). */
  async function adopt(request: AttemptRequest): Promise<AttemptOutcome | undefined> {
    const name = podName(request.context);
    await watcher.ready();
    const pod = watcher.pod(name) ?? (await api.readPod(namespace, name));
    if (pod === null || pod === undefined || pod.metadata?.deletionTimestamp) {
      // Gone after its sidecar reported (removed before the outcome was committed): read the report.
      const stored = await logs.storedOutcome(request);
      if (stored !== undefined) {
        deps.log.info(
          { runId: request.context.runId, task: request.context.taskPath, attempt: request.context.attempt },
          'the pod of a running attempt is gone; its outcome is read from storage',
        );
      }
      return stored;
    }
    workspaces.adopted(request.context.runId, request.workspace);
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
      return await followPod(follows, name, request);
    } finally {
      release();
    }
  }

  return {
    workspaceRoot: POD_WORKSPACE_ROOT,
    liveLogPath: (context) => liveLogPathOf(context, deps.logsDir),
    adopt: (request) => adopt(request).catch((error: unknown) => asOutcome(failureFromError(error))),
    run: (request) => run(request).catch((error: unknown) => asOutcome(failureFromError(error))),
    endRun: (runId, state) => workspaces.end(runId, state),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** The script of an attempt that runs without sidecar, resolved here with the pod's paths. */
function bareScript(plan: PodPlan): { script: string; dirs: string[] } {
  const paths = podPaths();
  const layout = attemptLayout(plan.context, { workDir: paths.work, logsDir: `${POD_DIR}/logs` });
  const { script } = attemptScript(plan, layout, paths.runtime);
  return { script, dirs: [layout.attemptDir, plan.context.workspacePath] };
}
