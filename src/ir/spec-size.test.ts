import { describe, expect, it } from 'vitest';
import { wideSpec } from '../../test/support/wide-spec.js';
import { SkiffError } from '../errors/index.js';
import { loadPipelineText } from './load-pipeline.js';
import { MAX_SPEC_COMPONENTS, MAX_SPEC_TASKS } from './spec-size.js';

function rejection(text: string): SkiffError {
  try {
    loadPipelineText(text, 'wide.json');
  } catch (error) {
    if (error instanceof SkiffError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('spec size limits', () => {
  it('loads a spec of exactly 10,000 components and tasks', () => {
    const spec = loadPipelineText(JSON.stringify(wideSpec('wide', MAX_SPEC_COMPONENTS)), 'wide.json');
    expect(Object.keys(spec.components)).toHaveLength(MAX_SPEC_COMPONENTS);
  });

  it('refuses 10,001 components with SKIFF_IR_TOO_LARGE naming the count and the limit', () => {
    const error = rejection(JSON.stringify(wideSpec('wide', MAX_SPEC_COMPONENTS + 1)));
    expect(error.code).toBe('SKIFF_IR_TOO_LARGE');
    expect(error.message).toBe('wide.json declares 10001 components; Skiff reads at most 10,000');
  });

  it('refuses 10,001 tasks over all DAGs, nested ones included', () => {
    const doc = wideSpec('wide', 2);
    const tasks = (count: number, prefix: string) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [
          `${prefix}-${i}`,
          { componentRef: { name: 'comp-step-0' }, taskInfo: { name: `${prefix}-${i}` }, inputs: {} },
        ]),
      );
    doc.root.dag.tasks = { ...doc.root.dag.tasks, ...tasks(5_000, 'root') };
    doc.components['comp-sub'] = { dag: { tasks: tasks(MAX_SPEC_TASKS - 5_000 - 1, 'sub') } };
    const error = rejection(JSON.stringify(doc));
    expect(error.code).toBe('SKIFF_IR_TOO_LARGE');
    expect(error.message).toContain(`holds ${MAX_SPEC_TASKS + 1} tasks in its DAGs`);
  });
});
