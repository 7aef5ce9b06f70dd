import { describe, expect, it } from 'vitest';
import { fieldPathValue, type LocalPod, localPodName, localPodUid } from './field-path-env.js';

const id = {
  pipelineName: 'My Pipeline',
  taskName: 'train_model',
  runId: 'ABCDEF12-3456',
  executorLabel: 'exec-train',
};

describe('localPodName', () => {
  it('is <pipeline>-<task>-<first 8 chars of the run id>, lowercased to a DNS label', () => {
    expect(localPodName(id)).toBe('my-pipeline-train-model-abcdef12');
  });

  it('stays within 63 characters and keeps the run suffix for long names', () => {
    const name = localPodName({ ...id, pipelineName: 'p'.repeat(80) });
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][a-z0-9-]*-abcdef12$/);
  });
});

describe('localPodUid', () => {
  it('is UUID-shaped, the same for the same task of a run, different for another run', () => {
    expect(localPodUid(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(localPodUid(id)).toBe(localPodUid({ ...id }));
    expect(localPodUid(id)).not.toBe(localPodUid({ ...id, runId: 'other' }));
  });
});

describe('fieldPathValue', () => {
  const pod: LocalPod = {
    name: 'pod',
    namespace: 'default',
    uid: 'uid',
    labels: { team: 'ml', '': 'empty-key' },
    annotations: { 'example.com/owner': 'ana' },
    nodeName: 'host',
  };

  it.each([
    ["metadata.labels['team']", 'ml'],
    ["metadata.annotations['example.com/owner']", 'ana'],
    ["metadata.labels['missing']", ''],
    ["metadata.annotations['team']", ''],
    ["metadata.labels['toString']", ''],
    ['metadata.name', 'pod'],
    ['metadata.namespace', 'default'],
    ['metadata.uid', 'uid'],
    ['spec.nodeName', 'host'],
    ['status.hostIP', '127.0.0.1'],
  ])('reads %s as %j', (path, value) => {
    expect(fieldPathValue(path, pod)).toBe(value);
  });

  it.each([
    'metadata.labels',
    'metadata.labels["team"]',
    'limits.cpu',
    '',
  ])('does not emulate %j (not an env-var field path of the downward API)', (path) => {
    expect(fieldPathValue(path, pod)).toBeUndefined();
  });
});
