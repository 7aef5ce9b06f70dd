import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPipelineFile } from '../../ir/index.js';
import { type LocalPlatform, localPlatform } from './local-platform.js';

// Decides, per corpus file, ok vs NOT_LOCAL from the platform spec and stub images alone, with no
// scope values (every name input is "unknown"): what the launcher gets when the engine passes none.
// Files are loaded with Skiff's own loader, as the engine does (some corpus YAML needs its repairs).
const CORPUS = fileURLToPath(new URL('../../../../shared/kfp-corpus', import.meta.url));
const present = existsSync(join(CORPUS, 'expectations.yaml'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every container executor of a corpus file, run through localPlatform with its image and platform config. */
async function decide(file: string): Promise<Record<string, LocalPlatform>> {
  const spec = await loadPipelineFile(file);
  const results: Record<string, LocalPlatform> = {};
  for (const [label, executor] of Object.entries(spec.executors)) {
    if (executor.kind !== 'container') continue;
    results[label] = localPlatform(spec.kubernetes[label], {
      parameters: {},
      taskName: label.replace(/^exec-/, ''),
      runId: 'corpus-run',
      pipelineName: spec.name,
      executorLabel: label,
      image: executor.image,
    });
  }
  return results;
}

describe.skipIf(!present)('localPlatform on every corpus pipeline with a platform spec or stub image', () => {
  const expectations = present
    ? (parse(readFileSync(join(CORPUS, 'expectations.yaml'), 'utf8')) as Record<string, { expect: string }>)
    : {};
  const files = present ? filesUnder(join(CORPUS, 'valid')).filter((f) => /\.ya?ml$/.test(f)) : [];
  const cases = files
    .filter((file) => /^platforms:|image: argostub\//m.test(readFileSync(file, 'utf8')))
    .map((file) => [relative(CORPUS, file), file] as const);

  it('finds the platform-spec pipelines of the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  it.each(
    cases,
  )('%s: fails NOT_LOCAL if and only if expectations.yaml expects NOT_LOCAL', async (key, file) => {
    const expected = expectations[key]?.expect;
    expect(expected).toBeDefined();
    const failures = Object.values(await decide(file)).flatMap((r) => (r.ok ? [] : [r.error]));
    expect(failures.every((error) => error.code === 'SKIFF_EXEC_NOT_LOCAL')).toBe(true);
    expect(failures.length > 0 ? 'NOT_LOCAL' : 'runs locally').toBe(
      expected === 'NOT_LOCAL' ? 'NOT_LOCAL' : 'runs locally',
    );
  });

  it("gives pipeline_with_pod_metadata's tasks their own podMetadata values and '' elsewhere", async () => {
    const results = await decide(join(CORPUS, 'valid/critical/pipeline_with_pod_metadata.yaml'));
    const env = (label: string) => {
      const result = results[label];
      if (!result?.ok) throw new Error(`${label} did not run locally`);
      return result.env;
    };
    expect(env('exec-validate-no-pod-metadata')).toEqual({
      POD_TASK_ANNOTATION: '',
      POD_TASK_ANNOTATION_1: '',
      POD_TASK_LABEL: '',
      POD_TASK_LABEL_1: '',
    });
    expect(env('exec-validate-pod-metadata-task-a')).toEqual({
      POD_TASK_ANNOTATION: 'annotation',
      POD_TASK_LABEL_1: 'label-1',
      POD_TASK_LABEL_2: 'label-2',
    });
  });

  it('leaves POD_TASK_ANNOTATION unset for create_pod_metadata_complex task without fieldPathAsEnv', async () => {
    const results = await decide(join(CORPUS, 'valid/create_pod_metadata_complex.yaml'));
    const result = results['exec-validate-no-pod-metadata'];
    expect(result).toEqual({ ok: true, env: {}, notes: [] });
  });
});

describe.skipIf(present)('localPlatform corpus checks', () => {
  it.skip('skipped: ../shared/kfp-corpus is absent on this machine', () => {});
});
