import { SkiffError } from '../errors/index.js';
import { isPlainObject } from './parse-document.js';

/** Most components a pipeline spec may declare (KFP's compiled pipelines have tens, rarely hundreds). */
export const MAX_SPEC_COMPONENTS = 10_000;
/** Most tasks a pipeline spec may hold, in all its DAGs together (each loop iteration is not counted). */
export const MAX_SPEC_TASKS = 10_000;

/**
 * Refuses a raw PipelineSpec (before its schema is checked) with more than MAX_SPEC_COMPONENTS
 * components or MAX_SPEC_TASKS tasks: SKIFF_IR_TOO_LARGE naming the count and the limit. Reading,
 * storing, showing and running such a spec costs time and memory in proportion to it.
 */
export function checkSpecSize(pipeline: Record<string, unknown>, sourceName: string): void {
  const components = isPlainObject(pipeline.components) ? Object.values(pipeline.components) : [];
  if (components.length > MAX_SPEC_COMPONENTS) {
    throw tooLarge(sourceName, `declares ${components.length} components`, MAX_SPEC_COMPONENTS, 'components');
  }
  let tasks = 0;
  for (const component of [pipeline.root, ...components]) {
    const dag = isPlainObject(component) ? component.dag : undefined;
    if (isPlainObject(dag) && isPlainObject(dag.tasks)) tasks += Object.keys(dag.tasks).length;
  }
  if (tasks > MAX_SPEC_TASKS) {
    throw tooLarge(sourceName, `holds ${tasks} tasks in its DAGs`, MAX_SPEC_TASKS, 'root.dag.tasks');
  }
}

function tooLarge(sourceName: string, what: string, limit: number, location: string): SkiffError {
  return new SkiffError(
    'SKIFF_IR_TOO_LARGE',
    `${sourceName} ${what}; Skiff reads at most ${limit.toLocaleString('en-US')}`,
    { location },
  );
}
