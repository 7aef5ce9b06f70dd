import { describe, expect, it } from 'vitest';
import { SkiffError } from '../errors/index.js';
import { parsePipelineDocuments } from './parse-document.js';

const SPEC = 'pipelineInfo:\n  name: p\nschemaVersion: 2.1.0\n';

function rejection(text: string, name = 'p.yaml'): SkiffError {
  try {
    parsePipelineDocuments(text, name);
  } catch (error) {
    if (error instanceof SkiffError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parsePipelineDocuments', () => {
  it('reads one YAML document', () => {
    expect(parsePipelineDocuments(SPEC, 'p.yaml')).toEqual({
      pipeline: { pipelineInfo: { name: 'p' }, schemaVersion: '2.1.0' },
    });
  });

  it('reads the platform spec from a second document', () => {
    const docs = parsePipelineDocuments(`${SPEC}---\nplatforms:\n  kubernetes: {}\n`, 'p.yaml');
    expect(docs.platform).toEqual({ platforms: { kubernetes: {} } });
  });

  it('reads JSON and KFP API style {pipeline_spec, platform_spec}', () => {
    const json = JSON.stringify({
      pipeline_spec: { pipelineInfo: { name: 'p' } },
      platform_spec: { platforms: {} },
    });
    expect(parsePipelineDocuments(json, 'p.json')).toEqual({
      pipeline: { pipelineInfo: { name: 'p' } },
      platform: { platforms: {} },
    });
  });

  it.each(['', '   \n', '# only a comment\n', '---\n'])('rejects %j as empty', (text) => {
    expect(rejection(text).code).toBe('SKIFF_IR_EMPTY');
  });

  it('reports invalid YAML with its line', () => {
    const error = rejection('pipelineInfo:\n  name: p\n bad: [\n');
    expect(error.code).toBe('SKIFF_IR_PARSE');
    expect(error.message).toMatch(/line \d+, column \d+/);
  });

  it.each([
    ['PK\u0003\u0004rest', 'a.yaml', /zip archive/],
    ['\uFFFDPNG\r\n\u001a\n', 'a.yaml', /PNG image/],
    ['name: a\u0000b', 'a.yaml', /NUL bytes/],
    ['# a comment', 'a.zip', /"\.zip" file/],
  ])('rejects %j (%s) as not a pipeline spec', (text, name, why) => {
    const error = rejection(text, name);
    expect(error.code).toBe('SKIFF_IR_FORMAT');
    expect(error.message).toMatch(why);
  });

  it.each(['just text', '[1, 2]', '42'])('rejects %j, which is not a mapping', (text) => {
    expect(rejection(text).code).toBe('SKIFF_IR_FORMAT');
  });

  it('recognises a KFP v1 Argo workflow and says to recompile', () => {
    const error = rejection('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n');
    expect(error.code).toBe('SKIFF_IR_FORMAT');
    expect(error.fix).toMatch(/KFP SDK v2/);
  });

  it('rejects a second document that is not a platform spec, and a third document', () => {
    expect(rejection(`${SPEC}---\nfoo: 1\n`).code).toBe('SKIFF_IR_SCHEMA');
    expect(rejection(`${SPEC}---\nplatforms: {}\n---\nplatforms: {}\n`).code).toBe('SKIFF_IR_FORMAT');
  });

  it('reads quoted scalars continued at the column of their "-" as PyYAML does', () => {
    const text = `${SPEC}cmd:\n  - "a \\\n  \\ b"\n  - c\n`;
    expect(parsePipelineDocuments(text, 'p.yaml').pipeline.cmd).toEqual(['a  b', 'c']);
  });

  it('refuses a key repeated in one mapping, naming its line and column, at any depth', () => {
    const top = rejection(`${SPEC}pipelineInfo:\n  name: q\n`);
    expect(top.code).toBe('SKIFF_IR_PARSE');
    expect(top.message).toContain('line 4, column 1: Map keys must be unique');
    const deep = rejection(`${SPEC}root:\n  dag:\n    tasks:\n      a: {}\n      "a": {}\n`);
    expect(deep.message).toContain('line 8, column 7: Map keys must be unique');
    const inList = rejection(`${SPEC}list:\n  - {x: 1, x: 2}\n`);
    expect(inList.message).toContain('line 5, column 12: Map keys must be unique');
  });

  it('reads a mapping of 40,000 keys in linear time (the YAML library compared each key with every earlier one)', () => {
    const timeMs = (count: number) => {
      const keys = Array.from({ length: count }, (_, i) => `  comp-${i}: exec-${i}\n`);
      const text = `${SPEC}components:\n${keys.join('')}`;
      const started = performance.now();
      const docs = parsePipelineDocuments(text, 'p.yaml');
      expect(Object.keys(docs.pipeline.components as object)).toHaveLength(count);
      return performance.now() - started;
    };
    // 16 times the keys: about 16 times the time when linear, 256 times when quadratic (the
    // smaller one timed best of three, as the machine is shared).
    const small = Math.min(timeMs(2_500), timeMs(2_500), timeMs(2_500));
    expect(timeMs(40_000) / small).toBeLessThan(64);
  });
});
