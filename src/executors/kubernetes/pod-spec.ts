import { createHash } from 'node:crypto';
import type {
  V1EnvVar,
  V1Pod,
  V1PodSecurityContext,
  V1PodSpec,
  V1ResourceRequirements,
  V1Toleration,
} from '@kubernetes/client-node';
import type { Config } from '../../config/index.js';
import type { AttemptContext } from '../../engine/ports.js';
import { planEnv } from './plan-env.js';
import type { PodPlatformParts } from './platform-build.js';
import { mainWrapper, quote } from './pod-command.js';
import { POD_DIR } from './pod-plan.js';
import { WORKSPACE_VOLUME } from './run-workspace.js';
import type { PodStorage } from './storage-secret.js';

/** Labels Skiff puts on every task pod; the watch selects on MANAGED_BY. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  run: 'skiff.dev/run',
  task: 'skiff.dev/task',
  attempt: 'skiff.dev/attempt',
} as const;
/** The selector of every pod Skiff made. */
export const MANAGED_BY_SKIFF = `${LABELS.managedBy}=skiff`;
/** The annotation holding the task's full path (label values are limited to 63 characters). */
export const TASK_PATH_ANNOTATION = 'skiff.dev/task-path';

/** Everything one attempt's pod is made from. */
export interface PodSpecInput {
  readonly context: AttemptContext;
  readonly namespace: string;
  readonly image: string;
  /** The pod plan, as JSON (SKIFF_POD_PLAN of the sidecar). */
  readonly planJson: string;
  readonly storage: Pick<PodStorage, 'env' | 'secret'>;
  readonly platform: PodPlatformParts;
  readonly resources?: V1ResourceRequirements;
  readonly settings: Config['executor']['kubernetes'];
  /**
   * A pod without Skiff's sidecar (nothing to stage or collect: see needsNoSidecar): `main` runs this
   * script at once (resolved by the server) and the server stores the log it reads from the API.
   */
  readonly bare?: { readonly script: string; readonly dirs: readonly string[] };
  /** `executor.timeoutSeconds`: the pod's deadline unless its platform config sets one. */
  readonly timeoutSeconds?: number;
  /** The run's workspace claim, mounted at the context's workspace path in both containers. */
  readonly workspaceClaim?: string;
}

/**
 * The name of an attempt's pod: the same for the same run, task and attempt, so a server that
 * restarts finds (and never duplicates) the pods it made. `skiff-<run>-<task hash>-<attempt>`.
 */
export function podName(context: AttemptContext): string {
  const run = context.runId.replace(/[^a-z0-9]/g, '').slice(0, 12);
  const task = createHash('sha256')
    .update(`${context.runId}\0${context.taskPath}`)
    .digest('hex')
    .slice(0, 12);
  return `skiff-${run}-${task}-${context.attempt}`;
}

/** A label value: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/**
 * The pod of one attempt: `main` runs the component's image (its command through Skiff's /bin/sh
 * wrapper), `skiff` runs Skiff's image as the sidecar that stages, collects and uploads. Both
 * share the `skiff` emptyDir at POD_DIR and the run's workspace claim, if any. Defaults from `executor.kubernetes.pod` come first; the
 * task's platform config wins over them.
 */
export function podSpec(input: PodSpecInput): V1Pod {
  const { context, settings, platform } = input;
  const defaults = settings.pod ?? {};
  const name = podName(context);
  const skiffLabels = {
    [LABELS.managedBy]: 'skiff',
    [LABELS.run]: labelValue(context.runId),
    [LABELS.task]: labelValue(context.taskPath),
    [LABELS.attempt]: String(context.attempt),
  };
  const sharedMounts = [
    { name: 'skiff', mountPath: POD_DIR },
    ...(input.workspaceClaim ? [{ name: WORKSPACE_VOLUME, mountPath: context.workspacePath }] : []),
  ];
  const workspaceVolumes = input.workspaceClaim
    ? [{ name: WORKSPACE_VOLUME, persistentVolumeClaim: { claimName: input.workspaceClaim } }]
    : [];
  const sidecarEnv: V1EnvVar[] = [
    ...planEnv(input.planJson, context.taskPath),
    ...input.storage.env.map(({ name: envName, key }) => ({
      name: envName,
      valueFrom: { secretKeyRef: { name: input.storage.secret.metadata.name, key } },
    })),
  ];
  const resources = input.resources ?? resourcesOf(defaults.resources);
  const deadline = platform.activeDeadlineSeconds ?? input.timeoutSeconds;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: input.namespace,
      labels: { ...defaults.labels, ...platform.labels, ...skiffLabels },
      annotations: {
        ...defaults.annotations,
        ...platform.annotations,
        [TASK_PATH_ANNOTATION]: context.taskPath,
      },
    },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 10,
      enableServiceLinks: false,
      ...settingsPodFields(settings, platform),
      ...(platform.affinity ? { affinity: platform.affinity } : {}),
      ...(deadline === undefined ? {} : { activeDeadlineSeconds: deadline }),
      volumes: [{ name: 'skiff', emptyDir: {} }, ...workspaceVolumes, ...platform.volumes],
      containers: [
        {
          name: 'main',
          image: input.image,
          command: input.bare ? bareCommand(input.bare) : mainWrapper(),
          ...pullPolicy(platform.imagePullPolicy ?? settings.imagePullPolicy),
          env: [...platform.env],
          volumeMounts: [...sharedMounts, ...platform.mounts],
          ...(resources ? { resources } : {}),
          ...(platform.securityContext ? { securityContext: platform.securityContext } : {}),
        },
        ...(input.bare
          ? []
          : [
              {
                name: 'skiff',
                image: settings.image,
                imagePullPolicy: settings.imagePullPolicy ?? 'IfNotPresent',
                command: ['/usr/local/bin/node', '/opt/skiff/bin/skiff.js', 'pod-sidecar'],
                env: sidecarEnv,
                volumeMounts: sharedMounts,
                resources: { requests: { cpu: '10m', memory: '64Mi' } },
              },
            ]),
      ],
    },
  };
}

/**
 * The pod spec fields every pod Skiff makes takes from executor.kubernetes: host network, service
 * account (no token mounted without one), security context, node selector, tolerations and image
 * pull secrets from `pod`, each with the task's own platform parts added after them.
 */
export function settingsPodFields(
  settings: Config['executor']['kubernetes'],
  platform: Partial<Pick<PodPlatformParts, 'nodeSelector' | 'tolerations' | 'imagePullSecrets'>> = {},
): Omit<V1PodSpec, 'containers'> {
  const defaults = settings.pod ?? {};
  const pullSecrets = [
    ...(defaults.imagePullSecrets ?? []).map((secret) => ({ name: secret })),
    ...(platform.imagePullSecrets ?? []),
  ];
  const tolerations = [...(defaults.tolerations ?? []), ...(platform.tolerations ?? [])] as V1Toleration[];
  const nodeSelector = { ...defaults.nodeSelector, ...platform.nodeSelector };
  return {
    hostNetwork: settings.hostNetwork,
    ...(settings.serviceAccount === undefined
      ? { automountServiceAccountToken: false }
      : { serviceAccountName: settings.serviceAccount }),
    ...(defaults.securityContext
      ? { securityContext: defaults.securityContext as V1PodSecurityContext }
      : {}),
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(tolerations.length > 0 ? { tolerations } : {}),
    ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets } : {}),
  };
}

function resourcesOf(
  defaults: Config['executor']['kubernetes']['pod'] extends infer P
    ? P extends { readonly resources?: infer R }
      ? R
      : undefined
    : undefined,
) {
  if (defaults === undefined) return undefined;
  return {
    ...(defaults.requests ? { requests: { ...defaults.requests } } : {}),
    ...(defaults.limits ? { limits: { ...defaults.limits } } : {}),
  };
}

function pullPolicy(policy: string | undefined): { imagePullPolicy?: string } {
  return policy === undefined ? {} : { imagePullPolicy: policy };
}

/** The command of a pod without sidecar: make the attempt's directories, then run its script. */
function bareCommand(bare: { readonly script: string; readonly dirs: readonly string[] }): string[] {
  return ['/bin/sh', '-c', `mkdir -p ${bare.dirs.map(quote).join(' ')}\n${bare.script}`];
}

/** True for the pod of an attempt that runs without Skiff's sidecar. */
export function isBarePod(pod: V1Pod): boolean {
  return !(pod.spec?.containers ?? []).some((container) => container.name === 'skiff');
}
