import { describe, expect, it } from 'vitest';
import type { KubernetesExecutorConfig } from '../../ir/index.js';
import { type LocalPlatformContext, localPlatform } from './local-platform.js';

const ctx: LocalPlatformContext = {
  parameters: {},
  taskName: 'validate-pod-metadata',
  runId: '3F2A9C1E-77aa-4bbb-8ccc-0123456789ab',
  pipelineName: 'Pod Metadata',
  executorLabel: 'exec-validate',
  image: 'python:3.11',
};

function run(config: KubernetesExecutorConfig | undefined, over: Partial<LocalPlatformContext> = {}) {
  return localPlatform(config, { ...ctx, ...over });
}

function okEnv(config: KubernetesExecutorConfig | undefined, over: Partial<LocalPlatformContext> = {}) {
  const result = run(config, over);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result;
}

describe('localPlatform: pod metadata and the downward API', () => {
  it('adds nothing when the executor has no platform config', () => {
    expect(run(undefined)).toEqual({ ok: true, env: {}, notes: [] });
  });

  it("sets fieldPathAsEnv variables from the task's own podMetadata, '' for keys it lacks", () => {
    const { env } = okEnv({
      podMetadata: {
        annotations: { 'task-annotation': 'annotation' },
        labels: { 'task-label-1': 'label-1' },
      },
      fieldPathAsEnv: [
        { name: 'POD_TASK_ANNOTATION', fieldPath: "metadata.annotations['task-annotation']" },
        { name: 'POD_TASK_LABEL_1', fieldPath: "metadata.labels['task-label-1']" },
        { name: 'POD_TASK_LABEL_2', fieldPath: "metadata.labels['task-label-2']" },
        { name: 'OTHER_ANNOTATION', fieldPath: "metadata.annotations['task-label-1']" },
      ],
    });
    expect(env).toEqual({
      POD_TASK_ANNOTATION: 'annotation',
      POD_TASK_LABEL_1: 'label-1',
      POD_TASK_LABEL_2: '',
      OTHER_ANNOTATION: '',
    });
  });

  it("sets '' for every fieldPathAsEnv variable when the executor has no podMetadata", () => {
    const { env } = okEnv({
      fieldPathAsEnv: [
        { name: 'POD_TASK_ANNOTATION', fieldPath: "metadata.annotations['task-annotation']" },
        { name: 'POD_TASK_LABEL', fieldPath: "metadata.labels['task-label']" },
      ],
    });
    expect(env).toEqual({ POD_TASK_ANNOTATION: '', POD_TASK_LABEL: '' });
  });

  it('sets no variable for podMetadata alone (only fieldPathAsEnv exposes it)', () => {
    const result = okEnv({ podMetadata: { annotations: { 'task-annotation': 'annotation' } } });
    expect(result.env).toEqual({});
    expect(result.notes.join('\n')).toMatch(/^podMetadata: /);
  });

  it('emulates pod name, namespace, uid, node, service account and IP fields', () => {
    const { env } = okEnv(
      {
        fieldPathAsEnv: [
          { name: 'POD_NAME', fieldPath: 'metadata.name' },
          { name: 'POD_NAMESPACE', fieldPath: 'metadata.namespace' },
          { name: 'POD_UID', fieldPath: 'metadata.uid' },
          { name: 'NODE', fieldPath: 'spec.nodeName' },
          { name: 'SA', fieldPath: 'spec.serviceAccountName' },
          { name: 'POD_IP', fieldPath: 'status.podIP' },
        ],
      },
      { nodeName: 'my-laptop' },
    );
    expect(env).toMatchObject({
      POD_NAME: 'pod-metadata-validate-pod-metadata-3f2a9c1e',
      POD_NAMESPACE: 'default',
      NODE: 'my-laptop',
      SA: 'default',
      POD_IP: '127.0.0.1',
    });
    expect(env.POD_UID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('fails with SKIFF_EXEC_NOT_LOCAL naming a field path it cannot emulate', () => {
    const result = run({
      fieldPathAsEnv: [
        { name: 'OK', fieldPath: 'metadata.name' },
        { name: 'LIMIT', fieldPath: 'limits.cpu' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SKIFF_EXEC_NOT_LOCAL');
    expect(result.error.location).toBe(
      'platforms.kubernetes.deploymentSpec.executors.exec-validate.fieldPathAsEnv[1]',
    );
    expect(result.error.message).toContain('"limits.cpu"');
    expect(result.error.message).toContain('$LIMIT');
  });
});

describe('localPlatform: settings only a cluster honours', () => {
  it('ignores scheduling and image hints, with one note per field', () => {
    const result = okEnv({
      nodeSelector: { labels: { 'disk-type': 'ssd' } },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      nodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      podAffinity: [{ topologyKey: 'zone' }],
      imagePullPolicy: 'Always',
      imagePullSecret: [{ secretNameParameter: { runtimeValue: { constant: 'regcred' } } }],
      activeDeadlineSeconds: 30,
      enabledSharedMemory: { volumeName: 'shm', size: '1Gi' },
      securityContext: { runAsUser: 1000 },
      podResourceClaims: [{ resourceClaimTemplateName: 'gpu' }],
    });
    expect(result.env).toEqual({});
    expect(result.notes.map((note) => note.split(':')[0])).toEqual([
      'nodeSelector',
      'tolerations',
      'nodeAffinity',
      'podAffinity',
      'imagePullPolicy',
      'imagePullSecret',
      'activeDeadlineSeconds',
      'enabledSharedMemory',
      'securityContext',
      'podResourceClaims',
    ]);
  });

  it('ignores fields it does not know, with a note naming them', () => {
    const result = okEnv({ futureThing: { a: 1 } });
    expect(result.notes).toEqual([expect.stringContaining('futureThing')]);
  });

  it.each([
    [
      'emptyDirMounts',
      { volumeName: 'scratch', mountPath: '/scratch' },
      'emptyDir volume "scratch" at /scratch',
    ],
    ['genericEphemeralVolume', { volumeName: 'eph', mountPath: '/eph', size: '1Gi' }, '"eph" at /eph'],
    ['initContainers', { name: 'setup', image: 'busybox' }, 'init container "setup"'],
  ])('fails %s with SKIFF_EXEC_NOT_LOCAL', (field, entry, words) => {
    const result = run({ [field]: [entry] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SKIFF_EXEC_NOT_LOCAL');
    expect(result.error.location).toBe(
      `platforms.kubernetes.deploymentSpec.executors.exec-validate.${field}[0]`,
    );
    expect(result.error.message).toContain(words);
    expect(result.error.fix).toContain('Kubernetes');
  });

  it('fails a KFP stub image (argostub/createpvc) even without a platform config', () => {
    const result = run(undefined, { image: 'argostub/createpvc', executorLabel: 'exec-createpvc' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SKIFF_EXEC_NOT_LOCAL');
    expect(result.error.message).toContain('argostub/createpvc');
  });
});
