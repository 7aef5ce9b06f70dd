import { describe, expect, it } from 'vitest';
import type { KubernetesExecutorConfig } from '../../ir/index.js';
import { type LocalPlatformContext, localPlatform } from './local-platform.js';

const ctx: LocalPlatformContext = {
  parameters: {},
  taskName: 'comp',
  runId: 'run-1',
  pipelineName: 'secrets',
  executorLabel: 'exec-comp',
  image: 'python:3.11',
};
const AT = 'platforms.kubernetes.deploymentSpec.executors.exec-comp';

function failure(config: KubernetesExecutorConfig, over: Partial<LocalPlatformContext> = {}) {
  const result = localPlatform(config, { ...ctx, ...over });
  if (result.ok) throw new Error(`expected a failure, got ok with notes ${result.notes.join('; ')}`);
  return result.error;
}

function success(config: KubernetesExecutorConfig, over: Partial<LocalPlatformContext> = {}) {
  const result = localPlatform(config, { ...ctx, ...over });
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result;
}

const secretEnv = (name: object, extra: object = {}) => ({
  secretAsEnv: [{ keyToEnv: [{ envVar: 'USER_NAME', secretKey: 'username' }], ...name, ...extra }],
});
const byInput = (input: string) => ({ secretNameParameter: { componentInputParameter: input } });

describe('localPlatform: secrets, config maps and PVCs', () => {
  it('fails a required secret with SKIFF_EXEC_NOT_LOCAL naming the field, the secret and the fix', () => {
    const error = failure(
      secretEnv({ secretNameParameter: { runtimeValue: { constant: 'test-secret-1' } } }),
    );
    expect(error.code).toBe('SKIFF_EXEC_NOT_LOCAL');
    expect(error.location).toBe(`${AT}.secretAsEnv[0]`);
    expect(error.message).toContain(`${AT}.secretAsEnv[0]`);
    expect(error.message).toContain('secret "test-secret-1" (key "username" into $USER_NAME)');
    expect(error.message).toContain('no local secrets source is configured');
    expect(error.fix).toMatch(/Kubernetes/);
  });

  it('names the secret resolved from the enclosing DAG input, the task input, or an upstream output', () => {
    const fromScope = failure(secretEnv(byInput('secret_parm')), {
      scopeParameters: { secret_parm: 'from-dag' },
    });
    expect(fromScope.message).toContain('secret "from-dag"');
    const channel = { parameters: { 'pipelinechannel--gen-Output': 'from-channel' } };
    expect(failure(secretEnv(byInput('pipelinechannel--gen-Output')), channel).message).toContain(
      '"from-channel"',
    );
    const output = {
      secretNameParameter: { taskOutputParameter: { producerTask: 'gen', outputParameterKey: 'name' } },
    };
    expect(
      failure(secretEnv(output), { upstreamOutputs: { gen: { name: 'from-output' } } }).message,
    ).toContain('"from-output"');
    expect(
      failure(secretEnv(output), { parameters: { 'pipelinechannel--gen-name': 'chan' } }).message,
    ).toContain('"chan"');
  });

  it('prefers secretNameParameter to the deprecated secretName, as KFP does', () => {
    const both = { secretName: 'old', secretNameParameter: { runtimeValue: { constant: 'new' } } };
    expect(failure(secretEnv(both)).message).toContain('secret "new"');
    expect(failure(secretEnv({ secretName: 'old' })).message).toContain('secret "old"');
  });

  it('fails when the name comes from a value this call cannot see (no scope given), naming its source', () => {
    const error = failure(secretEnv(byInput('secret_parm')));
    expect(error.message).toContain('secret named by input parameter "secret_parm"');
  });

  it('drops a setting whose name input has no value (unset or null), as KFP does, with a note', () => {
    for (const scopeParameters of [{}, { optional_secret_name: null }]) {
      const result = success(
        {
          ...secretEnv(byInput('optional_secret_name')),
          pvcMount: [{ mountPath: '/data', ...pvcBy('optional_secret_name') }],
        },
        { scopeParameters },
      );
      expect(result.env).toEqual({});
      expect(result.notes).toEqual([
        expect.stringMatching(
          /^secretAsEnv\[0\] dropped: .*input parameter "optional_secret_name".* no value/,
        ),
        expect.stringMatching(/^pvcMount\[0\] dropped: /),
      ]);
    }
  });

  it('drops optional secrets and config maps (none exist on this machine) with a note', () => {
    const named = { runtimeValue: { constant: 'maybe' } };
    const result = success({
      ...secretEnv({ secretNameParameter: named }, { optional: true }),
      secretAsVolume: [{ mountPath: '/mnt/s', optional: true, secretNameParameter: named }],
      configMapAsEnv: [
        { keyToEnv: [{ configMapKey: 'k', envVar: 'K' }], optional: true, configMapNameParameter: named },
      ],
      configMapAsVolume: [{ mountPath: '/mnt/c', optional: true, configMapNameParameter: named }],
    });
    expect(result.notes).toHaveLength(4);
    expect(result.notes[1]).toContain('optional Kubernetes secret "maybe" mounted at /mnt/s');
  });

  it.each([
    [
      'secretAsVolume',
      { mountPath: '/mnt/my_vol', optional: false, secretName: 's1' },
      'secret "s1" mounted at /mnt/my_vol',
    ],
    [
      'configMapAsEnv',
      { configMapName: 'cm', keyToEnv: [{ configMapKey: 'k', envVar: 'K' }] },
      'config map "cm" (key "k" into $K)',
    ],
    [
      'configMapAsVolume',
      { configMapName: 'cm', mountPath: '/etc/cm' },
      'config map "cm" mounted at /etc/cm',
    ],
  ])('fails %s with SKIFF_EXEC_NOT_LOCAL', (field, entry, words) => {
    const error = failure({ [field]: [entry] });
    expect(error.location).toBe(`${AT}.${field}[0]`);
    expect(error.message).toContain(words);
  });

  it('fails a PVC mount in both the pvcNameParameter and the deprecated form, even when marked optional', () => {
    const modern = failure({
      pvcMount: [{ mountPath: '/data', pvcNameParameter: { runtimeValue: { constant: 'my-pvc' } } }],
    });
    expect(modern.message).toContain('PersistentVolumeClaim "my-pvc" mounted at /data');
    expect(modern.fix).toContain('workspace');
    const legacy = failure(
      { pvcMount: [{ mountPath: '/data', optional: true, ...pvcBy('pvc_name') }] },
      {
        scopeParameters: { pvc_name: 'legacy-pvc' },
      },
    );
    expect(legacy.message).toContain('"legacy-pvc"');
    expect(failure({ pvcMount: [{ mountPath: '/d', constant: 'const-pvc' }] }).message).toContain(
      '"const-pvc"',
    );
  });

  it('reports the first entry that cannot run, after dropping earlier ones', () => {
    const config = {
      secretAsEnv: [
        { keyToEnv: [], optional: true, secretName: 'a' },
        { keyToEnv: [], secretName: 'b' },
      ],
    };
    expect(failure(config).location).toBe(`${AT}.secretAsEnv[1]`);
  });
});

function pvcBy(input: string) {
  return { componentInputParameter: input };
}
