import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import type { SkiffError } from '../errors/index.js';
import { skiffErrorOf } from '../errors/testing.js';
import { loadPipelineText } from './load-pipeline.js';

/** The fixture spec followed by a platform spec configuring exec-train with `config`. */
function withPlatform(config: unknown): string {
  const platform = { platforms: { kubernetes: { deploymentSpec: { executors: { 'exec-train': config } } } } };
  return `${stringify(rawSpec())}---\n${stringify(platform)}`;
}

function schemaProblem(config: unknown): SkiffError {
  return skiffErrorOf(() => loadPipelineText(withPlatform(config), 'k8s.yaml'));
}

describe('platform spec types are checked when the spec is loaded', () => {
  it('accepts what kfp-kubernetes writes, and fields it does not know yet', () => {
    const config = {
      secretAsEnv: [
        {
          secretNameParameter: { runtimeValue: { constant: 's' } },
          keyToEnv: [{ secretKey: 'k', envVar: 'E' }],
        },
      ],
      secretAsVolume: [{ secretName: 's', mountPath: '/mnt/s', optional: true }],
      configMapAsEnv: [{ configMapName: 'c', keyToEnv: [{ configMapKey: 'k', envVar: 'C' }] }],
      pvcMount: [
        { taskOutputParameter: { producerTask: 'make', outputParameterKey: 'name' }, mountPath: '/data' },
      ],
      nodeSelector: { labels: { disk: 'ssd' } },
      podMetadata: { labels: { a: 'b' }, annotations: { c: 'd' } },
      tolerations: [
        { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule', tolerationSeconds: '30' },
      ],
      activeDeadlineSeconds: '100',
      fieldPathAsEnv: [{ name: 'POD', fieldPath: 'metadata.name' }],
      somethingNewer: { any: ['shape'] },
    };
    const spec = loadPipelineText(withPlatform(config), 'k8s.yaml');
    expect(spec.kubernetes['exec-train']).toEqual(config);
  });

  it.each([
    ['secretAsEnv as a string', { secretAsEnv: 'my-secret' }, 'secretAsEnv', 'expected array'],
    [
      'a secret name as a number',
      { secretAsEnv: [{ secretName: 5 }] },
      'secretAsEnv[0].secretName',
      'expected string',
    ],
    [
      'keyToEnv as a mapping',
      { secretAsEnv: [{ secretName: 's', keyToEnv: { k: 'E' } }] },
      'secretAsEnv[0].keyToEnv',
      'expected array',
    ],
    [
      'optional as a string',
      { configMapAsVolume: [{ configMapName: 'c', optional: 'yes' }] },
      'configMapAsVolume[0].optional',
      'expected boolean',
    ],
    [
      'node selector labels with a number',
      { nodeSelector: { labels: { disk: 1 } } },
      'nodeSelector.labels.disk',
      'expected string',
    ],
    [
      'a deadline that is not a number',
      { activeDeadlineSeconds: 'soon' },
      'activeDeadlineSeconds',
      '"soon" (string): expected an integer',
    ],
    [
      'a PVC mount path as a list',
      { pvcMount: [{ constant: 'pvc', mountPath: ['/a'] }] },
      'pvcMount[0].mountPath',
      'expected string',
    ],
  ])('refuses %s with SKIFF_IR_SCHEMA naming the field', (_, config, field, expected) => {
    const error = schemaProblem(config);
    expect(error.code).toBe('SKIFF_IR_SCHEMA');
    expect(error.message).toContain('(platform spec)');
    expect(error.message).toContain(`platforms.kubernetes.deploymentSpec.executors.exec-train.${field}`);
    expect(error.message).toContain(expected);
  });
});
