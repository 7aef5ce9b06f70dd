import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { deleteEndedPods, SWEEP_MIN_AGE_MS } from './ended-pods.js';
import type { KubeApi } from './kube-api.js';

const NOW = Date.parse('2026-12-08T12:00:00Z');
const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

function pod(name: string, phase: string, endedAgoMs?: number): V1Pod {
  const finishedAt = endedAgoMs === undefined ? undefined : new Date(NOW - endedAgoMs);
  return {
    metadata: { name, creationTimestamp: new Date(NOW - 86_400_000) },
    status: {
      phase,
      containerStatuses: [
        {
          name: 'main',
          image: 'x',
          imageID: 'x',
          ready: false,
          restartCount: 0,
          state: finishedAt === undefined ? { running: {} } : { terminated: { exitCode: 1, finishedAt } },
        },
      ],
    },
  };
}

describe('deleteEndedPods', () => {
  it('deletes the task pods that ended longer ago than the keep time (10 min at the least), and no other', async () => {
    const deleted: string[] = [];
    const api = {
      listPods: async (_ns: string, selector: string) => {
        expect(selector).toBe('app.kubernetes.io/managed-by=skiff');
        return {
          items: [
            pod('running', 'Running'),
            pod('failed-long-ago', 'Failed', 2 * 3_600_000),
            pod('failed-just-now', 'Failed', 5_000),
            pod('failed-past-min-age', 'Failed', SWEEP_MIN_AGE_MS + 1),
            pod('succeeded-long-ago', 'Succeeded', 2 * 3_600_000),
          ],
        };
      },
      deletePod: async (_ns: string, name: string) => void deleted.push(name),
    } as unknown as KubeApi;
    // keepFailedPodsSeconds 3600: only what ended over an hour ago.
    expect(await deleteEndedPods(api, 'ns', 3_600_000, quiet as never, NOW)).toBe(2);
    expect(deleted).toEqual(['failed-long-ago', 'succeeded-long-ago']);
    // keepFailedPodsSeconds 5: still 10 minutes at the least (the process that made a pod may be reading it).
    deleted.length = 0;
    await deleteEndedPods(api, 'ns', 5_000, quiet as never, NOW);
    expect(deleted).toEqual(['failed-long-ago', 'failed-past-min-age', 'succeeded-long-ago']);
  });
});
