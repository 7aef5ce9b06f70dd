import { describe, expect, it } from 'vitest';
import { emptyParts } from './platform-build.js';
import { podPlatform } from './pod-platform.js';
import { failure, parts, SCOPE } from './pod-platform-fixtures.js';

describe('podPlatform: env', () => {
  it('reads secretAsEnv keys through secretKeyRef, with the name from a pipeline input and optional only when given', () => {
    const { env } = parts({
      secretAsEnv: [
        {
          secretNameParameter: { componentInputParameter: 'secret_name' },
          keyToEnv: [{ secretKey: 'password', envVar: 'DB_PASSWORD' }],
          optional: false,
        },
        { secretName: 'legacy', keyToEnv: [{ secretKey: 'user', envVar: 'DB_USER' }] },
      ],
    });
    expect(env).toEqual([
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password', optional: false } },
      },
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'legacy', key: 'user' } } },
    ]);
  });

  it('reads configMapAsEnv through configMapKeyRef and fieldPathAsEnv through fieldRef', () => {
    const { env } = parts({
      configMapAsEnv: [
        {
          configMapNameParameter: { runtimeValue: { constant: 'settings' } },
          keyToEnv: [{ configMapKey: 'level', envVar: 'LEVEL' }],
          optional: true,
        },
      ],
      fieldPathAsEnv: [{ name: 'POD_NAME', fieldPath: 'metadata.name' }],
    });
    expect(env).toEqual([
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level', optional: true } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
  });

  it('drops a secret whose name input is null, as KFP does', () => {
    const config = {
      secretAsEnv: [
        {
          secretNameParameter: { componentInputParameter: 'optional_name' },
          keyToEnv: [{ secretKey: 'k', envVar: 'K' }],
        },
      ],
    };
    expect(parts(config).env).toEqual([]);
  });

  it('fails a name it cannot resolve, and a downward-API path Kubernetes does not offer', () => {
    const unknown = failure(
      { secretAsEnv: [{ secretNameParameter: { componentInputParameter: 'x' }, keyToEnv: [] }] },
      { executorLabel: 'exec-train', taskName: 'train', parameters: {} },
    );
    expect(unknown.code).toBe('SKIFF_K8S_PLATFORM');
    expect(unknown.message).toContain('input parameter "x"');
    const path = failure({ fieldPathAsEnv: [{ name: 'X', fieldPath: 'spec.containers' }] });
    expect(path.location).toBe(
      'platforms.kubernetes.deploymentSpec.executors.exec-train.fieldPathAsEnv[0].fieldPath',
    );
  });
});

describe('podPlatform: pod fields', () => {
  it('takes pull secrets, pull policy, pod metadata, deadline and security context', () => {
    const result = parts({
      imagePullSecret: [
        { secretName: 'registry' },
        { secretNameParameter: { componentInputParameter: 'optional_name' } },
      ],
      imagePullPolicy: 'Always',
      podMetadata: { labels: { team: 'ml' }, annotations: { 'example.com/note': 'a b c' } },
      activeDeadlineSeconds: '3600',
      securityContext: { runAsUser: 1000, runAsNonRoot: true },
    });
    expect(result.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(result.imagePullPolicy).toBe('Always');
    expect(result.labels).toEqual({ team: 'ml' });
    expect(result.annotations).toEqual({ 'example.com/note': 'a b c' });
    expect(result.activeDeadlineSeconds).toBe(3600);
    expect(result.securityContext).toEqual({
      runAsUser: 1000,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it("fails a bad pull policy, a label under Skiff's prefix, and fields Skiff does not know", () => {
    expect(failure({ imagePullPolicy: 'always' }).message).toContain('"always"');
    expect(failure({ podMetadata: { labels: { 'skiff.dev/run': 'x' } } }).message).toContain('skiff.dev/');
    expect(failure({ podMetadata: { labels: { team: 'not a value' } } }).code).toBe('SKIFF_K8S_PLATFORM');
    expect(failure({ initContainers: [{ name: 'init', image: 'busybox' }] }).message).toContain(
      'does not support yet',
    );
    expect(failure({ hostNetwork: true }).message).toContain('not a platform field');
  });

  it('gives empty parts for no config', () => {
    expect(parts({})).toEqual(emptyParts());
    expect(podPlatform(undefined, SCOPE).ok).toBe(true);
  });
});
