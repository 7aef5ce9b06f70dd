import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ErrorCode, isSkiffError } from '../src/errors/index.js';
import { type JsonValue, loadPipelineFile, resolveRunArguments } from '../src/ir/index.js';

const corpus = fileURLToPath(new URL('../../shared/kfp-corpus', import.meta.url));
const present = existsSync(join(corpus, 'valid'));
const skipReason = `the KFP corpus is not at ${corpus} (it lives in shared/, beside the repository)`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The code each invalid corpus file must be rejected with. */
const INVALID: Readonly<Record<string, ErrorCode>> = {
  'empty_file.yaml': 'SKIFF_IR_EMPTY',
  'empty_zip.zip': 'SKIFF_IR_FORMAT',
  'invalid-zip.zip': 'SKIFF_IR_FORMAT',
  // Valid YAML whose `components` key is misspelt `components_1`.
  'invalid_yaml.yaml': 'SKIFF_IR_SCHEMA',
  'no_name.yaml': 'SKIFF_IR_NO_NAME',
  'wrong_format.png': 'SKIFF_IR_FORMAT',
};

describe.skipIf(!present)('KFP compiled-pipeline corpus', () => {
  if (!present) return;
  const valid = filesUnder(join(corpus, 'valid'));
  const invalid = filesUnder(join(corpus, 'invalid'));

  it('has files to check', () => {
    expect(valid.length).toBeGreaterThan(100);
    expect(invalid.length).toBeGreaterThan(0);
  });

  it.each(valid.map((f) => [relative(corpus, f), f]))('loads %s', async (_name, file) => {
    const spec = await loadPipelineFile(file);
    expect(spec.name).not.toBe('');
    expect(spec.root.kind).toBe('dag');
    expect(Object.keys(spec.root.dag.tasks).length).toBeGreaterThan(0);
  });

  const expectations = parse(readFileSync(join(corpus, 'expectations.yaml'), 'utf8')) as Record<
    string,
    { expect: string; why?: string; arguments?: Record<string, JsonValue> }
  >;

  it.each(
    Object.entries(expectations),
  )('resolves the run arguments of %s as expected', async (name, entry) => {
    const spec = await loadPipelineFile(join(corpus, name));
    const run = () => resolveRunArguments(spec, entry.arguments ?? {});
    // A NOT_LOCAL file whose reason includes a required root input artifact is refused here as well.
    const needsArtifact =
      entry.expect === 'NOT_LOCAL' && /required root input artifact/.test(entry.why ?? '');
    if (entry.expect === 'REJECTED' || needsArtifact) {
      expect(run).toThrow(expect.objectContaining({ code: 'SKIFF_ARG_MISSING' }));
    } else {
      expect(run()).toMatchObject(entry.arguments ?? {});
    }
  });

  it('maps retry, iterator, trigger and platform fields of real specs', async () => {
    const load = (name: string) => loadPipelineFile(join(corpus, 'valid', name));
    const retry = await load('critical/pipeline_with_retry.yaml');
    expect(Object.values(retry.root.dag.tasks)[0]?.retryPolicy).toEqual({
      maxRetryCount: 3,
      backoffSeconds: 0,
      backoffFactor: 2,
      backoffMaxSeconds: 3600,
    });
    const loops = await load('pipeline_with_parallelfor_parallelism.yaml');
    const limits = Object.values(loops.root.dag.tasks).map((t) => t.parallelismLimit);
    expect(limits).toContain(2);
    const artifacts = await load('pipeline_with_parallelfor_list_artifacts_GH-12033.yaml');
    expect(Object.values(artifacts.root.dag.tasks).map((t) => t.iterator)).toContainEqual({
      kind: 'artifact',
      inputArtifact: 'pipelinechannel--make-artifacts-Output',
      itemInput: 'pipelinechannel--make-artifacts-Output-loop-item',
    });
    const exit = await load('local_execution/local_execution_pipeline_with_exit_handler.yaml');
    expect(Object.values(exit.root.dag.tasks).map((t) => t.strategy)).toContain(
      'ALL_UPSTREAM_TASKS_COMPLETED',
    );
    // This file continues quoted scalars at the column of their "-" (see repair-yaml-indent.ts).
    const secret = await load('critical/pipeline_with_secret_as_env.yaml');
    const container = Object.values(secret.executors).find((e) => e.kind === 'container');
    expect(container?.kind === 'container' && container.command[2]).toContain(
      'python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip',
    );
    expect(JSON.stringify(secret.kubernetes)).toContain('PASSWORD_VAR2');
  });

  it.each(invalid.map((f) => [relative(corpus, f), f]))('rejects %s with its code', async (name, file) => {
    const expected = INVALID[name.replace(/^invalid\//, '')];
    expect(expected, `no expected code listed for ${name}`).toBeDefined();
    const error = await loadPipelineFile(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSkiffError(error), `${name} threw ${String(error)}`).toBe(true);
    expect((error as { code: string }).code).toBe(expected);
  });
});

if (!present) {
  describe('KFP compiled-pipeline corpus', () => {
    it.skip(skipReason, () => {});
  });
}
