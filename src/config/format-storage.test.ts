import { describe, expect, it } from 'vitest';
import { formatStorage, storageJson } from './format-storage.js';
import type { ResolvedStorage } from './storage-types.js';

const storage: ResolvedStorage = {
  providers: [
    {
      scheme: 'minio',
      bucket: 'mlpipeline',
      keyPrefix: 'v2/',
      endpoint: 'minio.kf:80',
      secure: false,
      credentials: {
        kind: 'keys',
        accessKeyId: 'AKIAEXAMPLE123',
        secretAccessKey: 'wJalrXUtnFEMI',
        sessionToken: 'session-token-1',
      },
      source: 'file:/x/skiff.yaml#storage.providers[0]',
      fieldSources: {
        bucket: 'file:/x/skiff.yaml#storage.providers[0].bucket',
        keyPrefix: 'file:/x/skiff.yaml#storage.providers[0].keyPrefix',
        endpoint: 'env:MINIO_HOST+MINIO_PORT',
        secure: 'file:/x/skiff.yaml#storage.providers[0].secure',
        credentials: 'env:AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY+AWS_SESSION_TOKEN',
      },
    },
    {
      scheme: 'minio',
      endpoint: 'minio-service:9000',
      credentialsNote: 'names Kubernetes secret "mlpipeline-minio-artifact"',
      source: 'kfp-launcher:/x/cm.yaml#providers.minio.default',
      fieldSources: { endpoint: 'kfp-launcher:/x/cm.yaml#providers.minio.default.endpoint' },
    },
  ],
  conflicts: [
    {
      key: 'pipelineRoot',
      values: [
        { value: 's3://a/b', source: 'flag:--pipeline-root' },
        { value: 'minio://c/d', source: 'kfp-launcher:/x/cm.yaml#defaultPipelineRoot' },
      ],
    },
  ],
};

describe('formatStorage', () => {
  it('lists providers in match order, each set field with its value and source, secrets masked', () => {
    const text = formatStorage(storage);
    const lines = text.split('\n');
    expect(lines).toContain('[0] minio://mlpipeline/v2  from file:/x/skiff.yaml#storage.providers[0]');
    expect(lines.some((line) => /^ {4}endpoint +minio\.kf:80 +env:MINIO_HOST\+MINIO_PORT$/.test(line))).toBe(
      true,
    );
    expect(
      lines.some((line) =>
        /^ {4}credentials +keys AKIA…\/\*\*\*\* \+session token \*\*\*\* +env:AWS_/.test(line),
      ),
    ).toBe(true);
    expect(lines).toContain('[1] minio://*  from kfp-launcher:/x/cm.yaml#providers.minio.default');
    expect(text).toMatch(
      /credentials +\(none\) +kfp-launcher:\S+\n {4}why no credentials: names Kubernetes secret "mlpipeline-minio-artifact"/,
    );
    expect(text).not.toMatch(/wJalrXUtnFEMI|AKIAEXAMPLE123|session-token-1/);
  });

  it('lists conflicts with the value used first', () => {
    const text = formatStorage(storage);
    expect(text).toContain(
      'CONFLICTS (inputs of one layer that disagree; the first is used)\npipelineRoot\n    "s3://a/b"  flag:--pipeline-root  (used)\n    "minio://c/d"  kfp-launcher:/x/cm.yaml#defaultPipelineRoot\n',
    );
  });
});

describe('storageJson', () => {
  it('keeps every field and source but masks the secret, the session token and most of the access key', () => {
    const json = storageJson(storage);
    expect(json.providers[0]?.credentials).toEqual({
      kind: 'keys',
      accessKeyId: 'AKIA…',
      secretAccessKey: '****',
      sessionToken: '****',
    });
    expect(json.providers[0]?.fieldSources).toEqual(storage.providers[0]?.fieldSources);
    expect(json.providers[1]).toEqual(storage.providers[1]);
    expect(json.conflicts).toEqual(storage.conflicts);
    expect(JSON.stringify(json)).not.toMatch(/wJalrXUtnFEMI|AKIAEXAMPLE123|session-token-1/);
    expect(storage.providers[0]?.credentials).toMatchObject({ secretAccessKey: 'wJalrXUtnFEMI' });
  });
});
