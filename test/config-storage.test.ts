import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli.js';

const ACCESS_KEY = 'AKIACLITESTKEY42';
const SECRET_KEY = 'cli-secret-wJalrXUtn';
const MINIO_SECRET = 'minio-secret-Zq9';

// Storage variables of the machine running the tests must not leak in: empty counts as unset.
const CLEAN_ENV = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => /^(MINIO_|OBJECTSTORECONFIG_|AWS_|SKIFF_STORAGE_)/.test(name))
    .map((name) => [name, '']),
);

function configMapFile(dir: string): string {
  const file = join(dir, 'cm.yaml');
  writeFileSync(
    file,
    `apiVersion: v1
kind: ConfigMap
metadata: { name: kfp-launcher }
data:
  defaultPipelineRoot: minio://mlpipeline/v2/artifacts
  providers: |
    minio:
      default:
        endpoint: minio.kf-storage.svc.cluster.local:80
        disableSSL: true
        credentials: { fromEnv: true }
`,
  );
  return file;
}

describe('skiff config with KFP storage inputs', () => {
  it('shows the --kfp-launcher provider and the MINIO_HOST one with their sources, the conflict, and no secret', async () => {
    const home = tempHome();
    const file = configMapFile(home);
    const env = {
      ...CLEAN_ENV,
      MINIO_HOST: 'minio-service',
      MINIO_PORT: '9000',
      MINIO_ACCESS_KEY: 'minio-access-1',
      MINIO_SECRET_KEY: MINIO_SECRET,
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    };
    const args = ['config', '--kfp-launcher', file, '--pipeline-root', 's3://flag-bucket/root'];
    const table = await runCli(args, { home, env });
    expect(table.stderr).not.toContain('error');
    expect(table.code).toBe(0);
    const out = table.stdout;
    expect(out).toContain(`[0] minio://*  from kfp-launcher:${file}#providers.minio.default`);
    expect(out).toMatch(/endpoint +minio\.kf-storage\.svc\.cluster\.local:80 +kfp-launcher:/);
    expect(out).toMatch(/credentials +keys AKIA…\/\*\*\*\* +env:AWS_ACCESS_KEY_ID\+AWS_SECRET_ACCESS_KEY/);
    expect(out).toContain('[1] minio://*  from env:MINIO_HOST');
    expect(out).toMatch(/endpoint +minio-service:9000 +env:MINIO_HOST\+MINIO_PORT/);
    expect(out).toMatch(/storage\.kfpLauncherConfigMap +\S+cm\.yaml +flag:--kfp-launcher/);
    // --pipeline-root and the ConfigMap's defaultPipelineRoot are both in the flags layer: a conflict.
    expect(out).toMatch(/^pipelineRoot +s3:\/\/flag-bucket\/root +flag:--pipeline-root$/m);
    expect(out).toContain('CONFLICTS');
    expect(table.stderr).toContain(
      `warning: pipelineRoot is set differently by inputs of one layer: "s3://flag-bucket/root" from flag:--pipeline-root (used) and "minio://mlpipeline/v2/artifacts" from kfp-launcher:${file}#defaultPipelineRoot`,
    );

    const json = await runCli([...args, '--json'], { home, env });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.storage.providers.map((p: { source: string }) => p.source)).toEqual([
      `kfp-launcher:${file}#providers.minio.default`,
      'env:MINIO_HOST',
      'env:AWS_ACCESS_KEY_ID',
    ]);
    expect(parsed.storage.providers[0].credentials).toEqual({
      kind: 'keys',
      accessKeyId: 'AKIA…',
      secretAccessKey: '****',
    });
    expect(parsed.storage.conflicts[0].key).toBe('pipelineRoot');
    for (const text of [table.stdout, table.stderr, json.stdout, json.stderr]) {
      expect(text).not.toContain(SECRET_KEY);
      expect(text).not.toContain(ACCESS_KEY);
      expect(text).not.toContain(MINIO_SECRET);
    }
  });

  it('warns about a ConfigMap named in the environment whose endpoint disagrees with MINIO_HOST', async () => {
    const home = tempHome();
    const file = configMapFile(home);
    const env = { ...CLEAN_ENV, SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: file, MINIO_HOST: 'minio-service' };
    const result = await runCli(['config'], { home, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `warning: storage.providers[minio://*].endpoint is set differently by inputs of one layer: "minio.kf-storage.svc.cluster.local:80" from kfp-launcher:${file}#providers.minio.default.endpoint (used) and "minio-service" from env:MINIO_HOST`,
    );
    expect(result.stdout).toMatch(/pipelineRoot +minio:\/\/mlpipeline\/v2\/artifacts +kfp-launcher:/);
  });

  it('fails with exit code 2 and the path inside the file for a ConfigMap of the wrong shape', async () => {
    const home = tempHome();
    const file = join(home, 'bad.yaml');
    writeFileSync(file, 'kind: ConfigMap\ndata:\n  providers: |\n    minio:\n      defualt: {}\n');
    const result = await runCli(['config', '--kfp-launcher', file], { home, env: CLEAN_ENV });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SKIFF_CONFIG_KFP_LAUNCHER_INVALID');
    expect(result.stderr).toContain(
      'data.providers.minio has unknown field "defualt" (did you mean "default"?)',
    );
  });
});
