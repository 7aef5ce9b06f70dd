import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import { skiffErrorOf } from '../errors/testing.js';
import { loadPipelineText } from './load-pipeline.js';
import { findTooDeep, MAX_NESTING_DEPTH, yamlTooDeepLine } from './nesting-depth.js';

/** A list nested `levels` deep: [[…[]…]]. */
const nestedList = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

/** The fixture spec with a LIST parameter `deep` whose default nests `levels` lists (it sits at level 6). */
function specWithDefault(levels: number): string {
  const spec = rawSpec();
  spec.root.inputDefinitions.parameters.deep = {
    parameterType: 'LIST',
    isOptional: true,
    defaultValue: 'DEFAULT',
  };
  return JSON.stringify(spec).replace('"DEFAULT"', `${'['.repeat(levels)}${']'.repeat(levels)}`);
}

describe('findTooDeep', () => {
  it('accepts values up to the limit and names the path of the first level past it', () => {
    expect(findTooDeep({ a: [1, { b: 'x' }] })).toBeUndefined();
    expect(findTooDeep(nestedList(MAX_NESTING_DEPTH))).toBeUndefined();
    expect(findTooDeep({ a: { b: [[]] } }, 3)).toEqual({ path: 'a.b[0]', cycle: false });
    const deep = findTooDeep({ p: nestedList(50_000) });
    expect(deep?.path).toMatch(/^p\[0\]\[0\].*…\(\d+ more\)….*\[0\]$/);
  });

  it('reports a value that contains itself as a cycle instead of walking it forever', () => {
    const loop: unknown[] = [1];
    loop.push(loop);
    expect(findTooDeep({ loop })).toMatchObject({ cycle: true });
  });
});

describe('yamlTooDeepLine', () => {
  it('finds flow and block nesting past the limit without composing the document', () => {
    expect(yamlTooDeepLine('a:\n  b: [1, {c: [2]}]\n')).toBeUndefined();
    expect(yamlTooDeepLine(`a: 1\nb: ${'['.repeat(8000)}${']'.repeat(8000)}\n`)).toBe(2);
    expect(yamlTooDeepLine(`a:\n${'- '.repeat(8000)}1\n`)).toBe(2);
    expect(yamlTooDeepLine(`a: ${'{k: '.repeat(300)}1${'}'.repeat(300)}`)).toBe(1);
  });
});

describe('loadPipelineText nesting limit', () => {
  it(`loads a spec nested exactly ${MAX_NESTING_DEPTH} levels deep`, () => {
    const spec = loadPipelineText(specWithDefault(MAX_NESTING_DEPTH - 5), 'limit.json');
    expect(spec.root.inputs.parameters.deep?.defaultValue).toBeDefined();
  });

  it('refuses JSON nested 8,000 levels with SKIFF_NESTING_TOO_DEEP naming the file and the path', () => {
    const error = skiffErrorOf(() => loadPipelineText(specWithDefault(8000), 'deep.json'));
    expect(error.code).toBe('SKIFF_NESTING_TOO_DEEP');
    expect(error.message).toContain('deep.json');
    expect(error.message).toContain(`${MAX_NESTING_DEPTH} levels`);
    expect(error.location).toMatch(/^root\.inputDefinitions\.parameters\.deep\.defaultValue\[0\]/);
    expect(skiffErrorOf(() => loadPipelineText(specWithDefault(MAX_NESTING_DEPTH - 4), 'x.json')).code).toBe(
      'SKIFF_NESTING_TOO_DEEP',
    );
  });

  it('refuses YAML flow sequences and compact block sequences nested 8,000 levels, naming the line', () => {
    const flow = `${stringify(rawSpec())}sdkVersion2: ${'['.repeat(8000)}${']'.repeat(8000)}\n`;
    const flowError = skiffErrorOf(() => loadPipelineText(flow, 'deep.yaml'));
    expect(flowError.code).toBe('SKIFF_NESTING_TOO_DEEP');
    expect(flowError.message).toMatch(/deep\.yaml .* at line \d+/);
    const block = `${stringify(rawSpec())}extra:\n${'- '.repeat(8000)}1\n`;
    expect(skiffErrorOf(() => loadPipelineText(block, 'block.yaml')).code).toBe('SKIFF_NESTING_TOO_DEEP');
  });

  it('refuses YAML whose aliases nest past the limit or contain themselves', () => {
    // Each anchor is 100 levels deep and holds the previous one: 3 of them nest 300 levels.
    const lists = (inner: string) => `${'['.repeat(100)}${inner}${']'.repeat(100)}`;
    const chained = `${stringify(rawSpec())}x:\n  a: &a ${lists('1')}\n  b: &b ${lists('*a')}\n  c: ${lists('*b')}\n`;
    expect(skiffErrorOf(() => loadPipelineText(chained, 'alias.yaml')).code).toBe('SKIFF_NESTING_TOO_DEEP');
    const loop = `${stringify(rawSpec())}x: &x [1, *x]\n`;
    const error = skiffErrorOf(() => loadPipelineText(loop, 'loop.yaml'));
    expect(error.code).toBe('SKIFF_NESTING_TOO_DEEP');
    expect(error.message).toContain('contains itself');
  });

  it('still refuses an alias bomb by its alias count (SKIFF_IR_PARSE)', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(', ')}]`,
      );
    const bomb = `${stringify(rawSpec())}${levels.join('\n')}\n`;
    expect(skiffErrorOf(() => loadPipelineText(bomb, 'bomb.yaml')).code).toBe('SKIFF_IR_PARSE');
  });
});
