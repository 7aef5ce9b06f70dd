import { describe, expect, it } from 'vitest';
import { failure, parts, SCOPE } from './pod-platform-fixtures.js';

describe('podPlatform: scheduling', () => {
  it('takes node selector labels, or nodeSelectorJson before them', () => {
    expect(parts({ nodeSelector: { labels: { disk: 'ssd' } } }).nodeSelector).toEqual({ disk: 'ssd' });
    const json = parts(
      { nodeSelector: { labels: { disk: 'ssd' }, nodeSelectorJson: { componentInputParameter: 'sel' } } },
      { ...SCOPE, scopeParameters: { sel: { zone: 'a' } } },
    );
    expect(json.nodeSelector).toEqual({ zone: 'a' });
  });

  it('builds tolerations from fields and from tolerationJson (one or a list)', () => {
    const result = parts(
      {
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: '30' },
          { tolerationJson: { componentInputParameter: 'one' } },
          { tolerationJson: { componentInputParameter: 'many' } },
        ],
      },
      {
        ...SCOPE,
        scopeParameters: { one: '{"key":"a","operator":"Exists"}', many: [{ key: 'b', operator: 'Exists' }] },
      },
    );
    expect(result.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 30 },
      { key: 'a', operator: 'Exists' },
      { key: 'b', operator: 'Exists' },
    ]);
  });

  it('fails a bad toleration operator and JSON that does not parse', () => {
    const operator = failure({ tolerations: [{ key: 'k', operator: 'exists' }] });
    expect(operator.location).toMatch(/tolerations\[0\]\.operator$/);
    expect(operator.fix).toContain('"Exists"');
    const json = failure(
      { tolerations: [{ tolerationJson: { componentInputParameter: 'bad' } }] },
      { ...SCOPE, scopeParameters: { bad: '{key: a}' } },
    );
    expect(json.message).toContain('not JSON');
  });

  it('turns nodeAffinity terms into required or (with a weight) preferred node affinity, and podAffinity into (anti-)affinity', () => {
    const { affinity } = parts({
      nodeAffinity: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
        { matchExpressions: [{ key: 'gpu', operator: 'Exists' }], weight: 50 },
        {},
      ],
      podAffinity: [
        { matchPodLabels: { app: 'db' }, topologyKey: 'kubernetes.io/hostname' },
        { matchPodLabels: { app: 'train' }, topologyKey: 'zone', weight: 10, anti: true },
      ],
    });
    expect(affinity?.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 50, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
      ],
    });
    expect(affinity?.podAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } },
      ],
    });
    expect(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.[0]?.weight).toBe(10);
  });

  it('merges nodeAffinityJson terms and fails a bad operator', () => {
    const required = {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
    };
    const { affinity } = parts({
      nodeAffinity: [
        {
          nodeAffinityJson: {
            runtimeValue: { constant: { requiredDuringSchedulingIgnoredDuringExecution: required } },
          },
        },
      ],
    });
    expect(affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual(required);
    expect(
      failure({ nodeAffinity: [{ matchExpressions: [{ key: 'z', operator: 'Within', values: ['a'] }] }] })
        .code,
    ).toBe('SKIFF_K8S_PLATFORM');
  });
});
