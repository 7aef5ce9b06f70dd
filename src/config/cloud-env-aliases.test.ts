import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { envLayer } from './config-layers.js';
import { ENV_VARS } from './env-vars.js';
import { loadConfig } from './load-config.js';

async function load(env: Record<string, string>) {
  const cwd = await mkdtemp(join(tmpdir(), 'skiff-cloud-config-'));
  return loadConfig({ env, cwd, homeDir: cwd });
}

describe('cloud environment aliases', () => {
  it('turns DISABLE_GKE_METADATA=true into cloud.metadata off, with the variable as source', async () => {
    for (const value of ['true', 'TRUE', '1']) {
      const loaded = await load({ DISABLE_GKE_METADATA: value });
      expect(loaded.config.cloud.metadata).toBe('off');
      expect(loaded.sources.get('cloud.metadata')).toBe('env:DISABLE_GKE_METADATA');
      expect(loaded.warnings).toEqual([]);
    }
  });

  it('leaves cloud.metadata at its default when DISABLE_GKE_METADATA is false or empty', async () => {
    for (const value of ['false', '0', '']) {
      const loaded = await load({ DISABLE_GKE_METADATA: value });
      expect(loaded.config.cloud.metadata).toBe('auto');
      expect(loaded.sources.get('cloud.metadata')).toBe('default');
    }
  });

  it('rejects a DISABLE_GKE_METADATA that is neither true nor false, naming the variable and the fix', () => {
    try {
      envLayer({ DISABLE_GKE_METADATA: 'yes' });
      expect.unreachable('DISABLE_GKE_METADATA=yes was accepted');
    } catch (error) {
      if (!isSkiffError(error)) throw error;
      expect(error.code).toBe('SKIFF_CONFIG_INVALID');
      expect(error.message).toBe('env:DISABLE_GKE_METADATA is "yes": must be true or false');
      expect(error.fix).toContain('DISABLE_GKE_METADATA to true');
    }
  });

  it('sets cloud.metadataHost from GCE_METADATA_HOST, as Google client libraries read it', async () => {
    const loaded = await load({ GCE_METADATA_HOST: '169.254.169.254:80' });
    expect(loaded.config.cloud.metadataHost).toBe('169.254.169.254:80');
    expect(loaded.sources.get('cloud.metadataHost')).toBe('env:GCE_METADATA_HOST');
  });

  it('rejects a GCE_METADATA_HOST with a scheme or a path, naming the variable', async () => {
    await expect(load({ GCE_METADATA_HOST: 'http://metadata/x' })).rejects.toThrow(
      /cloud\.metadataHost is "http:\/\/metadata\/x" \(from env:GCE_METADATA_HOST\)/,
    );
  });

  it('lets SKIFF_CLOUD_METADATA win over DISABLE_GKE_METADATA and warns with both values and sources', async () => {
    const loaded = await load({ SKIFF_CLOUD_METADATA: 'gke', DISABLE_GKE_METADATA: 'true' });
    expect(loaded.config.cloud.metadata).toBe('gke');
    expect(loaded.sources.get('cloud.metadata')).toBe('env:SKIFF_CLOUD_METADATA');
    expect(loaded.warnings).toEqual([
      'cloud.metadata is set differently by inputs of one layer: "gke" from env:SKIFF_CLOUD_METADATA (used) and "off" from env:DISABLE_GKE_METADATA; make them agree or remove one',
    ]);
  });

  it('does not warn when SKIFF_CLOUD_METADATA and DISABLE_GKE_METADATA agree', async () => {
    const loaded = await load({ SKIFF_CLOUD_METADATA: 'off', DISABLE_GKE_METADATA: 'true' });
    expect(loaded.config.cloud.metadata).toBe('off');
    expect(loaded.warnings).toEqual([]);
  });

  it('warns when SKIFF_CLOUD_METADATA_HOST and GCE_METADATA_HOST disagree, using Skiff’s own', async () => {
    const loaded = await load({ SKIFF_CLOUD_METADATA_HOST: '10.0.0.1', GCE_METADATA_HOST: '10.0.0.2' });
    expect(loaded.config.cloud.metadataHost).toBe('10.0.0.1');
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain('"10.0.0.1" from env:SKIFF_CLOUD_METADATA_HOST (used)');
    expect(loaded.warnings[0]).toContain('"10.0.0.2" from env:GCE_METADATA_HOST');
  });

  it('lists both aliases in ENV_VARS with the key they feed and their meaning', () => {
    const byName = new Map(ENV_VARS.map((variable) => [variable.name, variable]));
    expect(byName.get('DISABLE_GKE_METADATA')?.feeds).toMatch(/^cloud\.metadata /);
    expect(byName.get('GCE_METADATA_HOST')?.feeds).toBe('cloud.metadataHost');
    expect(byName.get('DISABLE_GKE_METADATA')?.meaning).toContain('off');
  });
});
