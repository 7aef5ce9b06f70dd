import { describe, expect, it } from 'vitest';
import { isSkiffError, type SkiffError } from '../errors/index.js';
import { providersFromEnvAliases } from './storage-env-aliases.js';

const aliases = (env: Record<string, string>) =>
  providersFromEnvAliases({ env, cwd: '/w', homeDir: '/home/u' });

function thrown(action: () => unknown): SkiffError {
  try {
    action();
  } catch (error) {
    if (isSkiffError(error)) return error;
    throw error;
  }
  throw new Error('expected a SkiffError');
}

describe('MINIO_* (KFP UI server)', () => {
  it('makes a minio provider of host, port, TLS and keys, naming each variable as the source', () => {
    const { providers, warnings } = aliases({
      MINIO_HOST: 'minio.kf-storage.svc.cluster.local',
      MINIO_PORT: '80',
      MINIO_SSL: 'false',
      MINIO_ACCESS_KEY: 'minioadmin-key',
      MINIO_SECRET_KEY: 'minio-secret-1',
    });
    expect(warnings).toEqual([]);
    expect(providers).toEqual([
      {
        scheme: 'minio',
        endpoint: 'minio.kf-storage.svc.cluster.local:80',
        secure: false,
        credentials: { kind: 'keys', accessKeyId: 'minioadmin-key', secretAccessKey: 'minio-secret-1' },
        source: 'env:MINIO_HOST',
        fieldSources: {
          endpoint: 'env:MINIO_HOST+MINIO_PORT',
          secure: 'env:MINIO_SSL',
          credentials: 'env:MINIO_ACCESS_KEY+MINIO_SECRET_KEY',
        },
      },
    ]);
  });

  it('joins MINIO_NAMESPACE to the host as the UI server does', () => {
    const [provider] = aliases({
      MINIO_HOST: 'minio-service',
      MINIO_NAMESPACE: 'kubeflow',
      MINIO_PORT: '9000',
    }).providers;
    expect(provider?.endpoint).toBe('minio-service.kubeflow:9000');
    expect(provider?.fieldSources.endpoint).toBe('env:MINIO_HOST+MINIO_NAMESPACE+MINIO_PORT');
    // No MINIO_SSL: plain HTTP, as KFP's UI server reads it (https://host:443 before).
    expect(provider?.secure).toBe(false);
    expect(provider?.fieldSources.secure).toBe('default (MINIO_SSL unset: false, as in KFP)');
    expect(provider?.credentials).toBeUndefined();
    expect(provider?.credentialsNote).toBe('MINIO_ACCESS_KEY and MINIO_SECRET_KEY are not set');
  });

  it('adds no provider and no default host when MINIO_HOST is unset, and says what it ignored', () => {
    const { providers, warnings } = aliases({ MINIO_PORT: '9000', MINIO_SSL: 'true' });
    expect(providers).toEqual([]);
    expect(warnings).toEqual([
      'MINIO_PORT, MINIO_SSL are set but MINIO_HOST or MINIO_ACCESS_KEY is not: ignored',
    ]);
    expect(JSON.stringify(aliases({}).providers)).not.toContain('minio-service');
  });

  it('still lists a provider made of keys without an endpoint, for the preflight to report', () => {
    const [provider] = aliases({
      MINIO_ACCESS_KEY: 'access-key-1',
      MINIO_SECRET_KEY: 'secret-key-1',
    }).providers;
    expect(provider?.endpoint).toBeUndefined();
    expect(provider?.source).toBe('env:MINIO_ACCESS_KEY');
    expect(provider?.credentials?.kind).toBe('keys');
  });

  it('notes a half pair of keys instead of guessing the other half', () => {
    const [provider] = aliases({ MINIO_HOST: 'h', MINIO_ACCESS_KEY: 'access-key-1' }).providers;
    expect(provider?.credentials).toBeUndefined();
    expect(provider?.credentialsNote).toBe('MINIO_ACCESS_KEY is set but MINIO_SECRET_KEY is not: set both');
  });

  it('rejects a port that is not a number and TLS that is not a boolean, naming the variable', () => {
    const port = thrown(() => aliases({ MINIO_HOST: 'h', MINIO_PORT: 'http' }));
    expect(port.code).toBe('SKIFF_CONFIG_INVALID');
    expect(port.message).toBe('env:MINIO_PORT is "http": must be a port number');
    const ssl = thrown(() => aliases({ MINIO_HOST: 'h', MINIO_SSL: 'yes please' }));
    expect(ssl.message).toBe('env:MINIO_SSL is "yes please": must be true or false');
    const host = thrown(() => aliases({ MINIO_HOST: 'http://h/path' }));
    expect(host.message).toContain('endpoint "http://h/path" from env:MINIO_HOST must be host, host:port');
  });
});

describe('OBJECTSTORECONFIG_* (KFP API server)', () => {
  it('uses plain HTTP when OBJECTSTORECONFIG_SECURE is unset, as KFP does', () => {
    const [provider] = aliases({
      OBJECTSTORECONFIG_HOST: 'minio.kf',
      OBJECTSTORECONFIG_PORT: '9000',
    }).providers;
    expect(provider?.secure).toBe(false);
    expect(provider?.fieldSources.secure).toBe('default (OBJECTSTORECONFIG_SECURE unset: false, as in KFP)');
  });

  it('makes a minio provider scoped to OBJECTSTORECONFIG_BUCKETNAME', () => {
    const [provider] = aliases({
      OBJECTSTORECONFIG_HOST: 'minio.kf',
      OBJECTSTORECONFIG_PORT: '9000',
      OBJECTSTORECONFIG_SECURE: 'true',
      OBJECTSTORECONFIG_REGION: 'us-east-1',
      OBJECTSTORECONFIG_BUCKETNAME: 'mlpipeline',
      OBJECTSTORECONFIG_ACCESSKEY: 'api-access-key',
      OBJECTSTORECONFIG_SECRETACCESSKEY: 'api-secret-key',
    }).providers;
    expect(provider).toMatchObject({
      scheme: 'minio',
      bucket: 'mlpipeline',
      endpoint: 'minio.kf:9000',
      secure: true,
      region: 'us-east-1',
      credentials: { kind: 'keys', accessKeyId: 'api-access-key', secretAccessKey: 'api-secret-key' },
      source: 'env:OBJECTSTORECONFIG_HOST',
    });
    expect(provider?.fieldSources).toEqual({
      bucket: 'env:OBJECTSTORECONFIG_BUCKETNAME',
      endpoint: 'env:OBJECTSTORECONFIG_HOST+OBJECTSTORECONFIG_PORT',
      secure: 'env:OBJECTSTORECONFIG_SECURE',
      region: 'env:OBJECTSTORECONFIG_REGION',
      credentials: 'env:OBJECTSTORECONFIG_ACCESSKEY+OBJECTSTORECONFIG_SECRETACCESSKEY',
    });
  });

  it('comes before MINIO_* and AWS_* in match order', () => {
    const { providers } = aliases({
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      MINIO_HOST: 'ui-minio',
      OBJECTSTORECONFIG_HOST: 'api-minio',
    });
    expect(providers.map((provider) => provider.source)).toEqual([
      'env:OBJECTSTORECONFIG_HOST',
      'env:MINIO_HOST',
      'env:AWS_ACCESS_KEY_ID',
    ]);
  });

  it('ignores a bucket name without a host or keys, with a warning', () => {
    const { providers, warnings } = aliases({ OBJECTSTORECONFIG_BUCKETNAME: 'mlpipeline' });
    expect(providers).toEqual([]);
    expect(warnings[0]).toContain('OBJECTSTORECONFIG_BUCKETNAME is set but OBJECTSTORECONFIG_HOST');
  });
});

describe('AWS_* (AWS SDK)', () => {
  it('makes an s3 provider from the keys, session token and region', () => {
    const [provider] = aliases({
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_DEFAULT_REGION: 'eu-west-1',
    }).providers;
    expect(provider).toEqual({
      scheme: 's3',
      region: 'eu-west-1',
      credentials: {
        kind: 'keys',
        accessKeyId: 'AKIAEXAMPLE1',
        secretAccessKey: 'aws-secret',
        sessionToken: 'token',
      },
      source: 'env:AWS_ACCESS_KEY_ID',
      fieldSources: {
        region: 'env:AWS_DEFAULT_REGION',
        credentials: 'env:AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY+AWS_SESSION_TOKEN',
      },
    });
  });

  it('prefers AWS_REGION and AWS_ENDPOINT_URL_S3 over their general forms', () => {
    const [provider] = aliases({
      AWS_ENDPOINT_URL: 'http://general:9000',
      AWS_ENDPOINT_URL_S3: 'http://localhost:9000',
      AWS_REGION: 'us-west-2',
      AWS_DEFAULT_REGION: 'eu-west-1',
    }).providers;
    expect(provider?.endpoint).toBe('http://localhost:9000');
    expect(provider?.region).toBe('us-west-2');
    expect(provider?.fieldSources).toMatchObject({
      endpoint: 'env:AWS_ENDPOINT_URL_S3',
      region: 'env:AWS_REGION',
    });
    expect(provider?.credentials).toEqual({ kind: 'default-chain' });
  });

  it('reads a shared credentials file and profile when an endpoint is set without keys', () => {
    const [provider] = aliases({ AWS_ENDPOINT_URL: 'http://localhost:9000', AWS_PROFILE: 'lab' }).providers;
    expect(provider?.credentials).toEqual({ kind: 'file', file: '/home/u/.aws/credentials', profile: 'lab' });
    expect(provider?.fieldSources.credentials).toBe('env:AWS_PROFILE');
  });

  it('adds no s3 provider for a region or profile alone', () => {
    expect(aliases({ AWS_REGION: 'us-east-1', AWS_PROFILE: 'lab' }).providers).toEqual([]);
  });
});
