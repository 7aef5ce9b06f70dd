import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CORPUS, lastJson, runCli, tempHome } from './support/cli.js';

interface Expectation {
  expect: 'SUCCEEDED' | 'FAILED' | 'REJECTED' | 'NOT_LOCAL';
  arguments?: Record<string, unknown> | null;
  outputs?: Record<string, unknown>;
  tasks?: Record<string, string>;
  why?: string;
}

interface RunJson {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
  tasks: Array<{ name: string; state: string; attempts: number; error?: string }>;
}

const present = existsSync(join(CORPUS, 'expectations.yaml'));
const expectations: Record<string, Expectation> = present
  ? (parse(readFileSync(join(CORPUS, 'expectations.yaml'), 'utf8')) as Record<string, Expectation>)
  : {};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function runCorpusFile(file: string, expectation: Expectation) {
  const home = tempHome('skiff-corpus-');
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(expectation.arguments ?? {})) {
    args[name] = value === '$TMPFILE' ? join(home, `tmpfile-${name}`) : value;
  }
  const paramsFile = join(home, 'params.json');
  writeFileSync(paramsFile, JSON.stringify(args));
  const result = await runCli(['run', file, '--json', '--params', paramsFile], {
    home,
    timeoutMs: 14 * 60_000,
  });
  return { home, result };
}

describe.skipIf(!present)('KFP corpus conformance (../shared/kfp-corpus against expectations.yaml)', () => {
  const entries = Object.entries(expectations).filter(([key]) => key.startsWith('valid/'));
  // The longest file first, so it overlaps the rest.
  entries.sort(([a], [b]) =>
    a.includes('long-running') ? -1 : b.includes('long-running') ? 1 : a.localeCompare(b),
  );

  it('has an expectation for every valid file', () => {
    const files = filesUnder(join(CORPUS, 'valid')).map((f) => relative(CORPUS, f));
    expect(files.filter((f) => !(f in expectations))).toEqual([]);
  });

  describe.concurrent.each(entries)('%s', (key, expectation) => {
    const file = join(CORPUS, key);
    const timeout = key.includes('long-running') ? 15 * 60_000 : 5 * 60_000;
    it(`ends ${expectation.expect}`, { timeout }, async () => {
      const { result } = await runCorpusFile(file, expectation);
      const context = `${key}\nexit ${result.code}\nstderr:\n${result.stderr.slice(-3000)}\nstdout:\n${result.stdout.slice(-3000)}`;
      if (expectation.expect === 'REJECTED') {
        expect(result.code, context).toBe(2);
        expect(result.stderr, context).toMatch(/SKIFF_[A-Z_]+/);
        return;
      }
      if (expectation.expect === 'NOT_LOCAL') {
        expect([1, 2], context).toContain(result.code);
        const text = result.stdout + result.stderr;
        expect(text, context).toMatch(/SKIFF_EXEC_NOT_LOCAL|SKIFF_STORAGE_NO_PROVIDER/);
        return;
      }
      expect(result.code, context).toBe(expectation.expect === 'SUCCEEDED' ? 0 : 1);
      const json = lastJson<RunJson>(result.stdout);
      expect(json.state, context).toBe(expectation.expect);
      for (const [name, value] of Object.entries(expectation.outputs ?? {})) {
        expect(json.outputs[name], `${context}\noutput ${name}`).toEqual(value);
      }
      const states = Object.fromEntries(json.tasks.map((t) => [t.name, t.state]));
      for (const [name, state] of Object.entries(expectation.tasks ?? {})) {
        expect(states[name], `${context}\ntask ${name}`).toBe(state);
      }
    });
  });
});

describe.skipIf(!present)('KFP corpus: invalid files are refused as bad input', () => {
  const files = present ? filesUnder(join(CORPUS, 'invalid')) : [];
  it.concurrent.each(files)('%s exits 2 with a coded error and no stack trace', async (file) => {
    const home = tempHome('skiff-invalid-');
    const result = await runCli(['run', file], { home });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error SKIFF_IR_[A-Z_]+: /m);
    expect(result.stderr).toContain('fix:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const runs = await runCli(['runs', 'list', '--json'], { home });
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });
});
