import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configKeyAt, configKeys, describeKeys, envNameOf } from './config-keys.js';
import { ENV_VARS } from './env-vars.js';

describe('configKeys', () => {
  it('lists every leaf key with its type, default and environment variable', () => {
    expect(configKeys().map((key) => [key.path, key.env, key.type, key.defaultDoc])).toEqual([
      ['home', 'SKIFF_HOME', 'string', '~/.skiff'],
      ['pipelineRoot', 'SKIFF_PIPELINE_ROOT', 'string', 'file://<home>/artifacts'],
      ['storage.providers', 'SKIFF_STORAGE_PROVIDERS', 'list of providers', undefined],
      ['storage.kfpLauncherConfigMap', 'SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP', 'string', undefined],
      ['storage.retry.maxAttempts', 'SKIFF_STORAGE_RETRY_MAX_ATTEMPTS', 'integer 1..100', '10'],
      ['storage.retry.budgetSeconds', 'SKIFF_STORAGE_RETRY_BUDGET_SECONDS', 'number 1..3600', '30'],
      ['metadata.url', 'SKIFF_METADATA_URL', 'string', 'sqlite://<home>/skiff.db'],
      ['engine.maxParallelTasks', 'SKIFF_ENGINE_MAX_PARALLEL_TASKS', 'integer 1..1024', '4'],
      ['engine.cache', 'SKIFF_ENGINE_CACHE', 'boolean', 'true'],
      ['executor.kind', 'SKIFF_EXECUTOR_KIND', '"local" | "kubernetes"', 'local'],
      ['executor.python.interpreter', 'SKIFF_EXECUTOR_PYTHON_INTERPRETER', 'string', 'python3'],
      [
        'executor.python.kfpRuntime',
        'SKIFF_EXECUTOR_PYTHON_KFP_RUNTIME',
        '"auto" | "installed" | "pip"',
        'auto',
      ],
      [
        'executor.python.systemSitePackages',
        'SKIFF_EXECUTOR_PYTHON_SYSTEM_SITE_PACKAGES',
        'boolean',
        'false',
      ],
      ['executor.python.installer', 'SKIFF_EXECUTOR_PYTHON_INSTALLER', '"auto" | "uv" | "pip"', 'auto'],
      ['executor.python.images', 'SKIFF_EXECUTOR_PYTHON_IMAGES', 'list of { image, interpreter }', undefined],
      ['executor.python.forkServer', 'SKIFF_EXECUTOR_PYTHON_FORK_SERVER', 'boolean', 'true'],
      ['executor.kubernetes.namespace', 'SKIFF_EXECUTOR_KUBERNETES_NAMESPACE', 'string', 'default'],
      ['executor.kubernetes.image', 'SKIFF_EXECUTOR_KUBERNETES_IMAGE', 'string', 'skiff:latest'],
      ['executor.kubernetes.kubeconfig', 'SKIFF_EXECUTOR_KUBERNETES_KUBECONFIG', 'string', undefined],
      ['executor.kubernetes.context', 'SKIFF_EXECUTOR_KUBERNETES_CONTEXT', 'string', undefined],
      [
        'executor.kubernetes.serviceAccount',
        'SKIFF_EXECUTOR_KUBERNETES_SERVICE_ACCOUNT',
        'string',
        undefined,
      ],
      [
        'executor.kubernetes.imagePullPolicy',
        'SKIFF_EXECUTOR_KUBERNETES_IMAGE_PULL_POLICY',
        '"Always" | "IfNotPresent" | "Never"',
        undefined,
      ],
      ['executor.kubernetes.hostNetwork', 'SKIFF_EXECUTOR_KUBERNETES_HOST_NETWORK', 'boolean', 'false'],
      ['executor.kubernetes.pod', 'SKIFF_EXECUTOR_KUBERNETES_POD', 'object', undefined],
      [
        'executor.kubernetes.imagePullWaitSeconds',
        'SKIFF_EXECUTOR_KUBERNETES_IMAGE_PULL_WAIT_SECONDS',
        'integer 1..86400',
        '120',
      ],
      [
        'executor.kubernetes.unschedulableWaitSeconds',
        'SKIFF_EXECUTOR_KUBERNETES_UNSCHEDULABLE_WAIT_SECONDS',
        'integer 1..86400',
        '300',
      ],
      [
        'executor.kubernetes.keepFailedPodsSeconds',
        'SKIFF_EXECUTOR_KUBERNETES_KEEP_FAILED_PODS_SECONDS',
        'integer 0..604800',
        '3600',
      ],
      ['executor.timeoutSeconds', 'SKIFF_EXECUTOR_TIMEOUT_SECONDS', 'integer 1..', undefined],
      ['server.host', 'SKIFF_SERVER_HOST', 'string', '127.0.0.1'],
      ['server.port', 'SKIFF_SERVER_PORT', 'integer 0..65535', '8888'],
      ['server.authToken', 'SKIFF_SERVER_AUTH_TOKEN', 'string', undefined],
      ['server.allowUnauthenticated', 'SKIFF_SERVER_ALLOW_UNAUTHENTICATED', 'boolean', 'false'],
      ['server.fileRoots', 'SKIFF_SERVER_FILE_ROOTS', 'list of paths', undefined],
      ['server.pipelineRoots', 'SKIFF_SERVER_PIPELINE_ROOTS', 'list of paths', undefined],
      ['server.maxConcurrentRuns', 'SKIFF_SERVER_MAX_CONCURRENT_RUNS', 'integer 1..1024', '4'],
      ['cloud.metadata', 'SKIFF_CLOUD_METADATA', '"auto" | "gke" | "off"', 'auto'],
      ['cloud.metadataHost', 'SKIFF_CLOUD_METADATA_HOST', 'string', 'metadata.google.internal'],
      [
        'log.level',
        'SKIFF_LOG_LEVEL',
        '"trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent"',
        'info',
      ],
    ]);
    for (const key of configKeys()) expect(key.meta.description.length).toBeGreaterThan(10);
    expect(configKeyAt('engine.cache')?.kind).toBe('boolean');
    expect(configKeyAt('storage.providers')?.kind).toBe('list');
    expect(configKeyAt('engine')).toBeUndefined();
  });

  it('derives env names as SKIFF_ plus the key path in upper snake case', () => {
    expect(envNameOf('storage.providers')).toBe('SKIFF_STORAGE_PROVIDERS');
    expect(envNameOf('cloud.metadataHost')).toBe('SKIFF_CLOUD_METADATA_HOST');
  });

  it('refuses a schema node that is neither a section nor a configKey()', () => {
    expect(() => describeKeys(z.strictObject({ stray: z.string() }))).toThrow(/stray/);
  });
});

describe('ENV_VARS', () => {
  it('lists the KFP and AWS aliases Skiff reads, with what they feed and no key of their own', () => {
    const aliases = ENV_VARS.filter((variable) => variable.feeds !== undefined);
    expect(aliases.map((variable) => variable.name)).toEqual(
      expect.arrayContaining([
        'MINIO_HOST',
        'MINIO_PORT',
        'MINIO_NAMESPACE',
        'MINIO_SSL',
        'MINIO_ACCESS_KEY',
        'MINIO_SECRET_KEY',
        'OBJECTSTORECONFIG_HOST',
        'OBJECTSTORECONFIG_BUCKETNAME',
        'OBJECTSTORECONFIG_SECRETACCESSKEY',
        'AWS_ACCESS_KEY_ID',
        'AWS_SESSION_TOKEN',
        'AWS_DEFAULT_REGION',
        'AWS_ENDPOINT_URL_S3',
        'AWS_SHARED_CREDENTIALS_FILE',
        'DISABLE_GKE_METADATA',
        'GCE_METADATA_HOST',
      ]),
    );
    for (const alias of aliases) {
      expect(alias.key).toBeUndefined();
      expect(alias.feeds).toMatch(/^(storage\.providers|cloud\.metadata)/);
    }
  });

  it('lists SKIFF_CONFIG and one distinct variable per key', () => {
    const names = ENV_VARS.map((variable) => variable.name);
    expect(names[0]).toBe('SKIFF_CONFIG');
    expect(new Set(names).size).toBe(names.length);
    expect(ENV_VARS.filter((variable) => variable.key !== undefined)).toHaveLength(configKeys().length);
    expect(ENV_VARS.find((variable) => variable.name === 'SKIFF_HOME')?.key).toBe('home');
  });
});
