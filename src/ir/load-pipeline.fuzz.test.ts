import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import { SkiffError } from '../errors/index.js';
import { loadPipelineBytes, loadPipelineText } from './load-pipeline.js';

/** Runs `load` and fails the property unless it returns or throws a SkiffError. */
function onlySkiffErrors(load: () => unknown): void {
  try {
    load();
  } catch (error) {
    if (!(error instanceof SkiffError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const corpusDir = fileURLToPath(new URL('../../../shared/kfp-corpus/valid', import.meta.url));

/** Corpus documents (every file, parsed) plus the fixture, as mutation seeds. */
function seeds(): unknown[][] {
  const out: unknown[][] = [[rawSpec()]];
  if (!existsSync(corpusDir)) return out;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(corpusDir)) {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    const list = Array.isArray(docs) ? docs : [];
    if (list.some((d) => d.errors.length > 0)) continue;
    out.push(list.map((d) => d.toJS() as unknown));
  }
  return out;
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(path);
      pathsOf(v, path, out);
    }
  }
  return out;
}

/** One mutation: drop the field at a path, replace its value, or rename its key. */
function mutate(
  doc: unknown,
  pick: number,
  op: 'drop' | 'replace' | 'rename',
  value: unknown,
  key: string,
): void {
  const paths = pathsOf(doc);
  if (paths.length === 0) return;
  const path = paths[pick % paths.length]!;
  let parent = doc as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (op === 'replace') parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else {
    const old = parent[last];
    delete parent[last];
    if (op === 'rename') parent[key] = old;
  }
}

const corpus = seeds();
const mutation = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('drop' as const, 'replace' as const, 'rename' as const),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('toString', '__proto__', '', 'x == ', '[1', -1, 1.5),
  ),
  key: fc.constantFrom('toString', '__proto__', 'constructor', 'components_1', 'x', 'name'),
});

describe('loadPipelineText never throws anything but a SkiffError', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) =>
        onlySkiffErrors(() => loadPipelineText(text, 'fuzz.yaml')),
      ),
      { numRuns: 1000 },
    );
  });

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        onlySkiffErrors(() => loadPipelineBytes(bytes, 'fuzz')),
      ),
      { numRuns: 500 },
    );
  });

  it('on random JSON and YAML values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, asYaml) => {
        const text = asYaml ? stringify(value) : JSON.stringify(value);
        onlySkiffErrors(() => loadPipelineText(text, asYaml ? 'fuzz.yaml' : 'fuzz.json'));
      }),
      { numRuns: 1000 },
    );
  });

  it(`on corpus and fixture documents with fields dropped, replaced or renamed (${corpus.length} seeds)`, () => {
    fc.assert(
      fc.property(
        fc.nat({ max: corpus.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        // YAML for one case in four: stringifying a large spec as YAML is the slow part.
        fc.nat({ max: 3 }).map((n) => n === 0),
        (index, mutations, asYaml) => {
          const docs = structuredClone(corpus[index]!);
          for (const m of mutations) mutate(docs[0], m.pick, m.op, m.value, m.key);
          const text = asYaml
            ? docs.map((d) => stringify(d)).join('---\n')
            : JSON.stringify({ pipeline_spec: docs[0], platform_spec: docs[1] });
          onlySkiffErrors(() => loadPipelineText(text, asYaml ? 'mutant.yaml' : 'mutant.json'));
        },
      ),
      { numRuns: 800 },
    );
  });
});
