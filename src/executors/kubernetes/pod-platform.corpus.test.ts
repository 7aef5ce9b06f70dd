import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonValue, loadPipelineFile } from '../../ir/index.js';
import { emptyParts } from './platform-build.js';
import { type PodPlatform, type PodPlatformParts, podPlatform } from './pod-platform.js';

// Runs podPlatform over every platform spec of the KFP corpus, with a value for every name a config
// reads (as the engine resolves them on a cluster), and once with none for the file of optional inputs.
const CORPUS = fileURLToPath(new URL('../../../../shared/kfp-corpus', import.meta.url));
const present = existsSync(join(CORPUS, 'valid'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** JSON-field inputs get a JSON value of their kind; name inputs get `value-of-<name>`. */
const JSON_VALUES: Readonly<Record<string, JsonValue>> = {
  nodeSelectorJson: { disk: 'ssd' },
  tolerationJson: { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' },
  nodeAffinityJson: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
    },
  },
};

interface Scope {
  scopeParameters: Record<string, JsonValue>;
  upstreamOutputs: Record<string, Record<string, JsonValue>>;
}

/** A scope with a value for every componentInputParameter / taskOutputParameter the config reads. */
function scopeFor(value: JsonValue, scope: Scope, parentKey = ''): Scope {
  if (Array.isArray(value)) for (const item of value) scopeFor(item, scope, parentKey);
  if (!isJsonObject(value)) return scope;
  const sample = JSON_VALUES[parentKey];
  const name = value.componentInputParameter;
  if (typeof name === 'string')
    scope.scopeParameters[name] = sample ?? `value-of-${name}`.toLowerCase().replace(/_/g, '-');
  const output = value.taskOutputParameter;
  if (
    isJsonObject(output) &&
    typeof output.producerTask === 'string' &&
    typeof output.outputParameterKey === 'string'
  ) {
    scope.upstreamOutputs[output.producerTask] = {
      [output.outputParameterKey]: `${output.producerTask}-output`,
    };
  }
  for (const [key, child] of Object.entries(value)) scopeFor(child, scope, key);
  return scope;
}

async function platforms(file: string, resolveAll = true): Promise<Record<string, PodPlatform>> {
  const spec = await loadPipelineFile(file);
  const results: Record<string, PodPlatform> = {};
  for (const [label, config] of Object.entries(spec.kubernetes)) {
    const scope = resolveAll
      ? scopeFor(config, { scopeParameters: {}, upstreamOutputs: {} })
      : { scopeParameters: {}, upstreamOutputs: {} };
    results[label] = podPlatform(config, {
      ...scope,
      parameters: {},
      executorLabel: label,
      taskName: label.replace(/^exec-/, ''),
    });
  }
  return results;
}

async function partsOf(file: string, label: string): Promise<PodPlatformParts> {
  const result = (await platforms(join(CORPUS, 'valid', file)))[label];
  if (!result?.ok) throw new Error(`${file} ${label}: ${result?.error.message ?? 'no platform config'}`);
  return result.parts;
}

describe.skipIf(!present)('podPlatform on every corpus platform spec', () => {
  const files = present
    ? filesUnder(join(CORPUS, 'valid')).filter(
        (f) => /\.ya?ml$/.test(f) && /^platforms:/m.test(readFileSync(f, 'utf8')),
      )
    : [];

  it('finds the corpus files with a platform spec', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  it.each(
    files.map((file) => [relative(CORPUS, file), file] as const),
  )('%s: every executor config is accepted', async (_key, file) => {
    const failures = Object.values(await platforms(file)).flatMap((r) => (r.ok ? [] : [r.error.message]));
    expect(failures).toEqual([]);
  });

  it('drops every setting of missing_kubernetes_optional_inputs when its optional inputs are not supplied', async () => {
    const result = (
      await platforms(join(CORPUS, 'valid/critical/missing_kubernetes_optional_inputs.yaml'), false)
    )['exec-log-message'];
    expect(result?.ok && result.parts).toEqual(emptyParts());
  });

  it('gives pipeline_with_secret_as_env its three secret env vars', async () => {
    const { env } = await partsOf('critical/pipeline_with_secret_as_env.yaml', 'exec-comp');
    expect(env.map((e) => [e.name, e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.key])).toEqual(
      [
        ['USER_NAME', 'value-of-secret-parm', 'username'],
        ['PASSWORD_VAR1', 'test-secret-2', 'password'],
        ['PASSWORD_VAR2', 'generate-secret-name-output', 'password'],
      ],
    );
  });

  it("mounts pipeline_with_volume's created PVC at /data and pipeline_with_secret_as_volume's secret at /mnt/my_vol", async () => {
    const volume = await partsOf('pipeline_with_volume.yaml', 'exec-producer');
    expect(volume.volumes).toEqual([
      { name: 'pvc-createpvc-output', persistentVolumeClaim: { claimName: 'createpvc-output' } },
    ]);
    expect(volume.mounts).toEqual([{ name: 'pvc-createpvc-output', mountPath: '/data' }]);
    const secret = await partsOf('pipeline_with_secret_as_volume.yaml', 'exec-comp');
    expect(secret.volumes[0]?.secret).toEqual({ secretName: 'value-of-secret-param', optional: false });
    expect(secret.mounts[0]?.mountPath).toBe('/mnt/my_vol');
  });

  it('gives the GPU check its toleration and pipeline_with_pod_metadata its labels, annotations and fieldRef env', async () => {
    const gpu = await partsOf('gpu-scheduling/nvidia_gpu_scheduling_check.yaml', 'exec-verify-gpu-scheduled');
    expect(gpu.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    const pod = await partsOf(
      'critical/pipeline_with_pod_metadata.yaml',
      'exec-validate-pod-metadata-task-a',
    );
    expect(pod.labels).toEqual({ 'task-label-1': 'label-1', 'task-label-2': 'label-2' });
    expect(pod.annotations).toEqual({ 'task-annotation': 'annotation' });
    expect(pod.env[0]).toEqual({
      name: 'POD_TASK_ANNOTATION',
      valueFrom: { fieldRef: { fieldPath: "metadata.annotations['task-annotation']" } },
    });
  });
});

describe.skipIf(present)('podPlatform corpus checks', () => {
  it.skip('skipped: ../shared/kfp-corpus is absent on this machine', () => {});
});
