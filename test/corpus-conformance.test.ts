import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, lastJson, runCli, tempHome } from './support/cli.js';
import { type Expectation, expectationsPresent, readExpectations } from './support/corpus-expectations.js';
import { machineHas, NOT_LOCAL_NEEDS, RANDOM_OUTPUTS } from './support/corpus-needs.js';
import { netns } from './support/netns.js';

interface RunJson {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
  tasks: Array<{ name: string; state: string; attempts: number; error?: string }>;
}

// Pipelines we did not write run with no network but loopback, so none can call out.
const wrap = netns();
const present = expectationsPresent() && wrap.ok;
const absentReason = wrap.ok
  ? `${CORPUS} is absent, so the corpus cannot be run against expectations.yaml`
  : `corpus pipelines run only in a network namespace of their own, and ${wrap.reason}`;
const expectations = present ? readExpectations() : {};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function runCorpusFile(file: string, expectation: Expectation, env: Record<string, string> = {}) {
  const home = tempHome('skiff-corpus-');
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(expectation.arguments ?? {})) {
    args[name] = value === '$TMPFILE' ? join(home, `tmpfile-${name}`) : value;
  }
  const paramsFile = join(home, 'params.json');
  writeFileSync(paramsFile, JSON.stringify(args));
  const result = await runCli(['run', file, '--json', '--params', paramsFile], {
    home,
    env,
    timeoutMs: 14 * 60_000,
    ...(wrap.ok ? { wrap: wrap.prefix } : {}),
  });
  return { home, result };
}

describe.skipIf(present)('KFP corpus conformance', () => {
  it.skip(`skipped: ${absentReason}`, () => {});
});

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
      const needs = NOT_LOCAL_NEEDS[key];
      const available = needs ? machineHas(needs, file) : false;
      // Network is never reachable from tests: a task that waits on it is ended by the attempt timeout.
      const env: Record<string, string> = needs?.network ? { SKIFF_EXECUTOR_TIMEOUT_SECONDS: '60' } : {};
      const { result } = await runCorpusFile(file, expectation, env);
      const context = `${key}\nexit ${result.code}\nstderr:\n${result.stderr.slice(-3000)}\nstdout:\n${result.stdout.slice(-3000)}`;
      if (expectation.expect === 'REJECTED') {
        expect(result.code, context).toBe(2);
        expect(result.stderr, context).toMatch(/SKIFF_[A-Z_]+/);
        return;
      }
      if (expectation.expect === 'NOT_LOCAL') {
        expect(needs, `${key} has no entry in test/support/corpus-needs.ts`).toBeDefined();
        if (available && !needs?.network) {
          // This machine has what a plain one lacks (jq; an index with scikit-learn): the pipeline must then just work.
          expect(result.code, context).toBe(expectation.if_installable === 'FAILED' ? 1 : 0);
          return;
        }
        expect([1, 2], context).toContain(result.code);
        if (available) return; // tools present, network absent: any clear failure (timeout, tool error) is right
        const text = result.stdout + result.stderr;
        expect(text, context).toMatch(/SKIFF_EXEC_NOT_LOCAL|SKIFF_ARG_MISSING/);
        expect(text, context).toMatch(needs!.mentions);
        return;
      }
      expect(result.code, context).toBe(expectation.expect === 'SUCCEEDED' ? 0 : 1);
      const json = lastJson<RunJson>(result.stdout);
      expect(json.state, context).toBe(expectation.expect);
      const states = Object.fromEntries(json.tasks.map((t) => [t.name, t.state]));
      const random = RANDOM_OUTPUTS[key];
      for (const [name, value] of Object.entries(expectation.outputs ?? {})) {
        if (random?.output === name) {
          const ran = Object.entries(random.byBranch).filter(([branch]) => states[branch] === 'SUCCEEDED');
          expect(ran, context).toHaveLength(1);
          expect(json.outputs[name], `${context}\noutput ${name}`).toEqual(ran[0]![1]);
          continue;
        }
        expect(json.outputs[name], `${context}\noutput ${name}`).toEqual(value);
      }
      for (const [name, state] of Object.entries(expectation.tasks ?? {})) {
        expect(states[name], `${context}\ntask ${name}`).toBe(state);
      }
    });
  });
});

describe.skipIf(!expectationsPresent())('KFP corpus: invalid files are refused as bad input', () => {
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
