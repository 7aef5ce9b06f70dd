import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import type { KubeApi } from '../../executors/kubernetes/kube-api.js';
import { PROBE_CONTAINER } from '../../executors/kubernetes/probe-pod.js';
import { checkProbePod, PROBE_CHECKS } from './check-probe-pod.js';

const SECRET_CACHE: V1ContainerState = {
  waiting: {
    reason: 'CreateContainerConfigError',
    message: 'failed to sync secret cache: timed out waiting for the condition',
  },
};
const REPORT = JSON.stringify({ ok: true, rootUri: 'file:///x', steps: [] });
const DONE: V1ContainerState = { terminated: { exitCode: 0, message: REPORT } };

/** A cluster whose probe pod goes through `states`, one per read (the last one stays). */
function cluster(states: readonly V1ContainerState[]) {
  const deleted: string[] = [];
  let reads = 0;
  const api = {
    applySecret: async () => {},
    createPod: async (_namespace: string, pod: V1Pod) => pod,
    readPod: async (namespace: string, name: string): Promise<V1Pod> => {
      const state = states[Math.min(reads++, states.length - 1)];
      return {
        metadata: { name, namespace },
        spec: { containers: [], nodeName: 'node-1' },
        status: { phase: 'Pending', containerStatuses: [containerStatus(state)] },
      };
    },
    deletePod: async (_namespace: string, name: string) => {
      deleted.push(name);
    },
  } as unknown as KubeApi;
  return { api, deleted, reads: () => reads };
}

function containerStatus(state: V1ContainerState | undefined) {
  return {
    name: PROBE_CONTAINER,
    image: 'skiff',
    imageID: 'sha256:1',
    ready: false,
    restartCount: 0,
    ...(state ? { state } : {}),
  };
}

async function probe(api: KubeApi, createGraceMs: number) {
  const homeDir = await mkdtemp(join(tmpdir(), 'skiff-probe-pod-'));
  const loaded = await loadConfig({ env: {}, cwd: homeDir, homeDir });
  return checkProbePod({
    api,
    loaded,
    settings: loaded.config.executor.kubernetes,
    timeoutMs: 5_000,
    pollMs: 10,
    createGraceMs,
  });
}

describe('the probe pod check', () => {
  it('waits out a container-create error the kubelet clears by itself (a secret cache not synced yet)', async () => {
    const { api, deleted } = cluster([SECRET_CACHE, SECRET_CACHE, SECRET_CACHE, DONE]);
    const checks = await probe(api, 1_000);
    expect(checks.map((check) => [check.name, check.status])).toEqual([
      [PROBE_CHECKS.image, 'ok'],
      [PROBE_CHECKS.storage, 'ok'],
    ]);
    expect(deleted).toHaveLength(1);
  });

  it('reports a container-create error that lasts, with its code, the kubelet message and how long', async () => {
    const { api, deleted, reads } = cluster([SECRET_CACHE]);
    const checks = await probe(api, 100);
    expect(checks[0]).toMatchObject({
      name: PROBE_CHECKS.image,
      status: 'fail',
      code: 'SKIFF_K8S_POD_CONFIG',
    });
    expect(checks[0]?.detail).toMatch(
      /could not be made for \d+s: CreateContainerConfigError: failed to sync secret cache/,
    );
    expect(checks[1]).toMatchObject({ name: PROBE_CHECKS.storage, status: 'skip' });
    expect(reads()).toBeGreaterThan(2);
    expect(deleted).toHaveLength(1);
  });
});
