import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { readConfigFile } from './config-file.js';
import { readKfpLauncher } from './kfp-launcher.js';

// Deep nesting and alias bombs in the configuration file and a kfp-launcher ConfigMap end with the
// file's own coded error naming it and the limit, never a stack overflow or SKIFF_INTERNAL.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-config-limits-'));
});

const deepFlow = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const letters = 'abcdefghij';
/** Nine anchors, each a list of nine aliases of the one before: 9^9 leaves once expanded. */
const aliasBomb = (indent = '') =>
  [`${indent}a: &a [x, x, x, x, x, x, x, x, x]`]
    .concat(
      [1, 2, 3, 4, 5, 6, 7, 8].map(
        (i) =>
          `${indent}${letters[i]}: &${letters[i]} [${Array(9)
            .fill(`*${letters[i - 1]}`)
            .join(', ')}]`,
      ),
    )
    .join('\n');
/** Three anchors of 100 levels, each holding the one before: 300 levels once expanded. */
const chained = (indent = '') => {
  const lists = (inner: string) => `${'['.repeat(100)}${inner}${']'.repeat(100)}`;
  return `${indent}a: &a ${lists('1')}\n${indent}b: &b ${lists('*a')}\n${indent}c: ${lists('*b')}`;
};

async function failure(run: () => Promise<unknown>): Promise<{ code: string; message: string; fix: string }> {
  try {
    await run();
  } catch (error) {
    if (isSkiffError(error)) return { code: error.code, message: error.message, fix: error.fix };
    throw error;
  }
  throw new Error('expected a SkiffError');
}

async function configFailure(text: string, name = 'skiff.yaml') {
  const file = join(dir, name);
  await writeFile(file, text);
  const result = await failure(() => readConfigFile({ flag: file, env: {}, cwd: dir, homeDir: dir }));
  expect(result.message).toContain(file);
  return result;
}

async function launcherFailure(text: string) {
  const file = join(dir, 'kfp-launcher.yaml');
  await writeFile(file, text);
  const result = await failure(() =>
    readKfpLauncher(file, 'flag:--kfp-launcher', { env: {}, cwd: dir, homeDir: dir }),
  );
  expect(result.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_READ');
  expect(result.message).toContain(file);
  return result;
}

describe('config file limits', () => {
  it('refuses YAML flow, block and JSON nesting 10,000 levels deep with SKIFF_CONFIG_READ naming the limit', async () => {
    for (const [name, text] of [
      ['flow.yaml', `home: /tmp/x\nextra: ${deepFlow(10_000)}\n`],
      ['block.yaml', `home: /tmp/x\nextra:\n${'- '.repeat(10_000)}1\n`],
      ['deep.json', `{"home": "/tmp/x", "extra": ${deepFlow(10_000)}}`],
    ] as const) {
      const result = await configFailure(text, name);
      expect(result.code, name).toBe('SKIFF_CONFIG_READ');
      expect(result.message, name).toMatch(
        /more than 200 levels deep at line \d+; Skiff reads at most 200 levels/,
      );
      expect(result.message, name).not.toContain('call stack');
      expect(result.fix).toContain('Flatten');
    }
  });

  it('refuses aliases that nest past the limit once expanded, naming the path', async () => {
    const result = await configFailure(`x:\n${chained('  ')}\n`);
    expect(result.code).toBe('SKIFF_CONFIG_READ');
    expect(result.message).toMatch(/more than 200 levels deep at x\.c\[0\]/);
  });

  it('refuses an alias bomb (billion laughs) by its alias count', async () => {
    const result = await configFailure(`${aliasBomb()}\n`);
    expect(result.code).toBe('SKIFF_CONFIG_READ');
    expect(result.message).toContain('alias bomb');
    expect(result.message).toContain('100');
  });
});

describe('kfp-launcher ConfigMap limits', () => {
  const configMap =
    'kind: ConfigMap\nmetadata: {name: kfp-launcher}\ndata:\n  defaultPipelineRoot: file:///tmp/r\n';

  it('refuses deep nesting in the ConfigMap and inside its providers text', async () => {
    const deep = await launcherFailure(`${configMap}  extra: ${deepFlow(10_000)}\n`);
    expect(deep.message).toContain('more than 200 levels deep at line 5');
    const chain = await launcherFailure(`${configMap}  extra:\n${chained('    ')}\n`);
    expect(chain.message).toMatch(/more than 200 levels deep at data\.extra\.c\[0\]/);
    const providers = await launcherFailure(`${configMap}  providers: |\n    x: ${deepFlow(10_000)}\n`);
    expect(providers.message).toContain('data.providers nests mappings and lists more than 200 levels deep');
  });

  it('refuses an alias bomb in the ConfigMap (it was SKIFF_INTERNAL) and inside its providers text', async () => {
    const bomb = await launcherFailure(`${configMap}${aliasBomb('  ')}\n`);
    expect(bomb.message).toContain('alias bomb');
    const providers = await launcherFailure(`${configMap}  providers: |\n${aliasBomb('    ')}\n`);
    expect(providers.message).toContain('data.providers expands YAML aliases');
  });
});
