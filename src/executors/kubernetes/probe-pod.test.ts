import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../../errors/index.js';
import type { PodProvider } from './pod-plan.js';
import { PROBE_PLAN_ENV, parseProbePlan, parseProbeReport, probeReportText } from './probe-plan.js';
import { PROBE_CONTAINER, probePodSpec } from './probe-pod.js';
import { podStorage } from './storage-secret.js';

const settings = {
  namespace: 'ml',
  image: 'registry.example/skiff:1.2.3',
  serviceAccount: 'skiff-task',
  imagePullPolicy: 'Never' as const,
  hostNetwork: true,
  pod: {
    labels: { team: 'ml' },
    nodeSelector: { pool: 'cpu' },
    tolerations: [
      { key: 'dedicated', operator: 'Equal' as const, value: 'ml', effect: 'NoSchedule' as const },
    ],
    imagePullSecrets: ['regcred'],
  },
  imagePullWaitSeconds: 120,
  unschedulableWaitSeconds: 300,
  keepFailedPodsSeconds: 3600,
};

const provider = {
  scheme: 'minio',
  bucket: 'mlpipeline',
  endpoint: 'minio.kf:9000',
  secure: false,
  source: 'file:skiff.yaml#storage.providers[0]',
  fieldSources: {},
  credentials: { kind: 'keys', accessKeyId: 'AK', secretAccessKey: 'SK' },
} as const;

describe('the probe pod of skiff doctor', () => {
  it('is made like a task pod from executor.kubernetes, with the storage keys from the Secret', async () => {
    const storage = await podStorage([provider as never], 'ml');
    const plan = {
      version: 1 as const,
      pipelineRoot: 'minio://mlpipeline/v2',
      pipelineRootSource: 'file:skiff.yaml',
      storage: { providers: storage.providers, retry: { maxAttempts: 3, budgetSeconds: 10 } },
    };
    const pod = probePodSpec({ name: 'skiff-doctor-probe-1', namespace: 'ml', settings, plan, storage });
    expect(pod.metadata?.labels).toEqual({
      team: 'ml',
      'app.kubernetes.io/managed-by': 'skiff',
      'skiff.dev/probe': 'doctor',
    });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      hostNetwork: true,
      serviceAccountName: 'skiff-task',
      nodeSelector: { pool: 'cpu' },
      tolerations: settings.pod.tolerations,
      imagePullSecrets: [{ name: 'regcred' }],
    });
    const [container] = pod.spec?.containers ?? [];
    expect(container).toMatchObject({
      name: PROBE_CONTAINER,
      image: settings.image,
      imagePullPolicy: 'Never',
      command: ['/usr/local/bin/node', '/opt/skiff/bin/skiff.js', 'pod-probe'],
    });
    const env = container?.env ?? [];
    expect(parseProbePlan(env.find((e) => e.name === PROBE_PLAN_ENV)?.value)).toEqual(plan);
    const keys = (storage.providers[0] as PodProvider).credentialsEnv;
    expect(env.find((e) => e.name === keys.secretAccessKey)?.valueFrom?.secretKeyRef?.name).toBe(
      'skiff-storage',
    );
    expect(JSON.stringify(pod)).not.toContain('SK"');
  });

  it('rejects a plan that is not one with SKIFF_K8S_PLAN', () => {
    for (const text of [undefined, 'not json', '{"version":2}']) {
      let thrown: unknown;
      try {
        parseProbePlan(text);
      } catch (error) {
        thrown = error;
      }
      expect(isSkiffError(thrown) && thrown.code).toBe('SKIFF_K8S_PLAN');
    }
  });

  it('reports in a termination message of at most 4 KiB that parses back', () => {
    const long = 'x'.repeat(5000);
    const report = {
      ok: false,
      rootUri: 'minio://b/r',
      endpoint: 'http://minio:9000',
      steps: [
        { name: 'resolve', ok: true, detail: 'ok', durationMs: 1 },
        {
          name: 'tcp',
          ok: false,
          detail: 'tcp',
          durationMs: 2,
          code: 'SKIFF_STORAGE_UNREACHABLE',
          message: long,
          fix: long,
        },
      ],
    };
    const text = probeReportText(report);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(parseProbeReport(text)?.steps.at(-1)).toMatchObject({
      name: 'tcp',
      code: 'SKIFF_STORAGE_UNREACHABLE',
    });
    expect(parseProbeReport('Error: unknown command')).toBeNull();
  });
});
