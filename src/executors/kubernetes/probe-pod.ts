import { randomBytes } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import type { Config } from '../../config/index.js';
import { LABELS, settingsPodFields } from './pod-spec.js';
import { PROBE_PLAN_ENV, type ProbePlan } from './probe-plan.js';
import type { PodStorage } from './storage-secret.js';

/** The label that marks `skiff doctor`'s probe pods (value `doctor`). */
export const PROBE_LABEL = 'skiff.dev/probe';
/** The name of the probe pod's one container. */
export const PROBE_CONTAINER = 'probe';
/** Kubernetes ends a probe pod that is still there after this long, in case nobody deleted it. */
const PROBE_DEADLINE_SECONDS = 300;

/** A fresh name for a probe pod: `skiff-doctor-probe-<8 hex>`. */
export function probePodName(): string {
  return `skiff-doctor-probe-${randomBytes(4).toString('hex')}`;
}

/**
 * The probe pod of `skiff doctor`: one container in Skiff's image (executor.kubernetes.image) that runs
 * `skiff pod-probe`, made like a task pod's sidecar (the same network, service account, pull policy,
 * pull secrets, node selector and tolerations; the storage keys from the same Secret).
 */
export function probePodSpec(input: {
  readonly name: string;
  readonly namespace: string;
  readonly settings: Config['executor']['kubernetes'];
  readonly plan: ProbePlan;
  readonly storage: Pick<PodStorage, 'env' | 'secret'>;
}): V1Pod {
  const { settings, storage } = input;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { ...settings.pod?.labels, [LABELS.managedBy]: 'skiff', [PROBE_LABEL]: 'doctor' },
      ...(settings.pod?.annotations ? { annotations: { ...settings.pod.annotations } } : {}),
    },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      enableServiceLinks: false,
      activeDeadlineSeconds: PROBE_DEADLINE_SECONDS,
      ...settingsPodFields(settings),
      containers: [
        {
          name: PROBE_CONTAINER,
          image: settings.image,
          imagePullPolicy: settings.imagePullPolicy ?? 'IfNotPresent',
          command: ['/usr/local/bin/node', '/opt/skiff/bin/skiff.js', 'pod-probe'],
          env: [
            { name: PROBE_PLAN_ENV, value: JSON.stringify(input.plan) },
            ...storage.env.map(({ name, key }) => ({
              name,
              valueFrom: { secretKeyRef: { name: storage.secret.metadata.name, key } },
            })),
          ],
          // A pod-probe that fails before it reports (an older image without the command) leaves its log's end.
          terminationMessagePolicy: 'FallbackToLogsOnError',
          resources: { requests: { cpu: '10m', memory: '64Mi' } },
        },
      ],
    },
  };
}
