import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeKeys } from './config-keys.js';
import { configKey, secretKey } from './config-schema.js';
import { formatConfig, formatEntries } from './format-config.js';
import { loadConfig } from './load-config.js';

async function loaded(env: Record<string, string> = {}) {
  const homeDir = await mkdtemp(join(tmpdir(), 'skiff-format-'));
  return loadConfig({ env, cwd: homeDir, homeDir });
}

describe('formatConfig', () => {
  it('prints every key with its value and source in aligned columns', async () => {
    const text = formatConfig(await loaded({ SKIFF_HOME: '/tmp/x', SKIFF_ENGINE_CACHE: 'false' }));
    const [table = '', storage = ''] = text.split('\n\n');
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KEY +VALUE +SOURCE$/);
    expect(lines.some((line) => /^home +\/tmp\/x +env:SKIFF_HOME$/.test(line))).toBe(true);
    expect(
      lines.some((line) => /^pipelineRoot +file:\/\/\/tmp\/x\/artifacts +default \(from home\)$/.test(line)),
    ).toBe(true);
    expect(lines.some((line) => /^executor\.timeoutSeconds +\(unset\) +default$/.test(line))).toBe(true);
    // The source is the last column (a value may itself read `default`, as executor.kubernetes.namespace does).
    const sourceColumn = lines.map((line) => line.search(/ (SOURCE|default( \(from home\))?|env:\S+)$/));
    expect(new Set(sourceColumn).size).toBe(1);
    expect(lines).toHaveLength(38);
    expect(lines.some((line) => line.startsWith('storage.providers'))).toBe(false);
    expect(storage).toContain('STORAGE PROVIDERS');
    expect(storage).toContain('none: s3:// and minio:// pipeline roots need storage.providers');
  });

  it('prints JSON of key to value and source, unset values as null', async () => {
    const json = JSON.parse(
      formatConfig(await loaded({ SKIFF_ENGINE_MAX_PARALLEL_TASKS: '9' }), { json: true }),
    );
    expect(json['engine.maxParallelTasks']).toEqual({
      value: 9,
      source: 'env:SKIFF_ENGINE_MAX_PARALLEL_TASKS',
    });
    expect(json['executor.timeoutSeconds']).toEqual({ value: null, source: 'default' });
    expect(json['storage.retry.maxAttempts']).toEqual({ value: 10, source: 'default' });
    expect(json.storage).toEqual({ providers: [], conflicts: [] });
    expect(Object.keys(json)).toHaveLength(38);
  });

  it('masks the password of a PostgreSQL metadata url in the table and in JSON', async () => {
    const config = await loaded({ SKIFF_METADATA_URL: 'postgres://skiff:hunter2@db:5432/skiff' });
    const table = formatConfig(config);
    const json = formatConfig(config, { json: true });
    expect(table).toContain('postgres://skiff:****@db:5432/skiff');
    expect(table).not.toContain('hunter2');
    expect(json).not.toContain('hunter2');
    expect(config.config.metadata.url).toContain('hunter2');
  });

  it('masks passwords given in the query of a PostgreSQL url (?password=, ?sslpassword=)', async () => {
    const config = await loaded({
      SKIFF_METADATA_URL: 'postgres://skiff@db/skiff?password=hunter2&sslpassword=k3ypass&sslmode=require',
    });
    for (const text of [formatConfig(config), formatConfig(config, { json: true })]) {
      expect(text).toContain('?password=****&sslpassword=****&sslmode=require');
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('k3ypass');
    }
  });
});

describe('secret keys', () => {
  const schema = z.strictObject({
    store: z.strictObject({
      accessKeyId: configKey(z.string(), { description: 'Access key id.' }),
      secretAccessKey: secretKey(z.string(), { description: 'Secret key.' }),
    }),
  });

  it('are marked by secretKey() and masked wherever they are printed', () => {
    const keys = describeKeys(schema);
    expect(keys.map((key) => [key.path, key.secret])).toEqual([
      ['store.accessKeyId', false],
      ['store.secretAccessKey', true],
    ]);
    const entries = keys.map((key) => ({
      key: key.path,
      value: key.secret ? 'wJalrXUtnFEMI' : 'AKIA123',
      source: 'env:TEST',
      mask: key.meta.mask,
    }));
    for (const text of [formatEntries(entries), formatEntries(entries, { json: true })]) {
      expect(text).toContain('AKIA123');
      expect(text).toContain('****');
      expect(text).not.toContain('wJalrXUtnFEMI');
    }
  });
});
