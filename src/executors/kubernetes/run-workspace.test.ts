import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { skiffErrorOf } from '../../errors/testing.js';
import type { KubeApi } from './kube-api.js';
import { RunWorkspaces, workspaceClaim, workspaceClaimName } from './run-workspace.js';

const RUN = '0f6c2a5e-9d1b-4c3e-8a7f-1b2c3d4e5f60';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The claim calls of a KubeApi, recorded; the rest is never called. */
function claimApi() {
  const created: V1PersistentVolumeClaim[] = [];
  const deleted: string[] = [];
  const api = {
    createPvc: async (_namespace: string, pvc: V1PersistentVolumeClaim) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      created.push(pvc);
      return pvc;
    },
    deletePvc: async (_namespace: string, name: string) => {
      deleted.push(name);
    },
  } as unknown as KubeApi;
  return { api, created, deleted };
}

describe('the workspace claim of a run', () => {
  it('asks for the size, ReadWriteMany unless the patch says otherwise, and is named after the run', () => {
    const plain = workspaceClaim(RUN, 'ml', { size: '1Gi' });
    expect(plain.metadata?.name).toBe(workspaceClaimName(RUN));
    expect(plain.metadata?.name).toMatch(/^skiff-[a-z0-9-]+-workspace$/);
    expect(plain.metadata?.labels?.['skiff.dev/run']).toBe(RUN);
    expect(plain.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '1Gi' } },
    });
    const patched = workspaceClaim(RUN, 'ml', {
      size: '1Gi',
      pvcSpecPatch: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard' },
    });
    expect(patched.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '1Gi' } },
    });
  });

  it('refuses a size that is no quantity and access modes Kubernetes does not know, naming the field', () => {
    const size = skiffErrorOf(() => workspaceClaim(RUN, 'ml', { size: 'big' }));
    expect(size.code).toBe('SKIFF_K8S_PLATFORM');
    expect(size.message).toContain('pipelineConfig.workspace.size is "big"');
    const modes = skiffErrorOf(() =>
      workspaceClaim(RUN, 'ml', { size: '1Gi', pvcSpecPatch: { accessModes: ['RWO'] } }),
    );
    expect(modes.message).toContain('pvcSpecPatch.accessModes is ["RWO"]');
  });

  it('is made once for all the attempts of a run, even at the same time, and none without a workspace', async () => {
    const { api, created } = claimApi();
    const workspaces = new RunWorkspaces(api, 'ml', quiet);
    const names = await Promise.all(Array.from({ length: 10 }, () => workspaces.claim(RUN, { size: '1Gi' })));
    expect(new Set(names)).toEqual(new Set([workspaceClaimName(RUN)]));
    expect(created).toHaveLength(1);
    expect(await workspaces.claim('other', undefined)).toBeUndefined();
    expect(created).toHaveLength(1);
  });

  it('is deleted when the run succeeds, kept for a retry when it fails or is canceled', async () => {
    const { api, deleted } = claimApi();
    const workspaces = new RunWorkspaces(api, 'ml', quiet);
    await workspaces.claim('ok', { size: '1Gi' });
    await workspaces.claim('failed', { size: '1Gi' });
    await workspaces.claim('canceled', { size: '1Gi' });
    await workspaces.end('ok', 'SUCCEEDED');
    await workspaces.end('failed', 'FAILED');
    await workspaces.end('canceled', 'CANCELED');
    await workspaces.end('never-made', 'SUCCEEDED');
    expect(deleted).toEqual([workspaceClaimName('ok')]);
  });

  it('of a run followed after a restart is deleted when that run succeeds', async () => {
    const { api, created, deleted } = claimApi();
    const workspaces = new RunWorkspaces(api, 'ml', quiet);
    workspaces.adopted(RUN, { size: '1Gi' });
    workspaces.adopted('no-workspace', undefined);
    await workspaces.end(RUN, 'SUCCEEDED');
    await workspaces.end('no-workspace', 'SUCCEEDED');
    expect(created).toHaveLength(0);
    expect(deleted).toEqual([workspaceClaimName(RUN)]);
  });

  it('lets the run end after 10 s when the API does not answer the delete, with a warning', async () => {
    vi.useFakeTimers();
    try {
      const warnings: string[] = [];
      const log = { ...quiet, warn: (_: object, message?: string) => void warnings.push(message ?? '') };
      const api = {
        createPvc: async (_namespace: string, pvc: V1PersistentVolumeClaim) => pvc,
        deletePvc: () => new Promise<void>(() => {}),
      } as unknown as KubeApi;
      const workspaces = new RunWorkspaces(api, 'ml', log);
      await workspaces.claim(RUN, { size: '1Gi' });
      let ended = false;
      const end = workspaces.end(RUN, 'SUCCEEDED').then(() => {
        ended = true;
      });
      await vi.advanceTimersByTimeAsync(9_000);
      expect(ended).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      await end;
      expect(warnings).toEqual(['could not delete the run’s workspace claim']);
    } finally {
      vi.useRealTimers();
    }
  });
});
