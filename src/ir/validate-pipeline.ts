import { didYouMean, ERROR_CODES, SkiffError } from '../errors/index.js';
import { own } from './own.js';
import { parameterValueProblem } from './parameter-value.js';
import type { PipelineProblem } from './pipeline-problem.js';
import type { ComponentSpec, PipelineSpec } from './types.js';
import { checkDag } from './validate-dag.js';

const MAX_LISTED = 20;

/**
 * Every problem in a structurally loaded spec: unknown components, executors, tasks, outputs and
 * inputs, cycles, defaults of the wrong type, invalid CEL, malformed iterators. Pure; never throws.
 */
export function findPipelineProblems(spec: PipelineSpec): PipelineProblem[] {
  const problems: PipelineProblem[] = [];
  const itemInputs = loopItemInputs(spec);
  const components: [string, ComponentSpec][] = [
    ['root', spec.root],
    ...Object.entries(spec.components).map(([name, c]): [string, ComponentSpec] => [`components.${name}`, c]),
  ];
  for (const [at, component] of components) {
    checkDefaults(component, at, problems);
    if (component.kind === 'dag') {
      const items = itemInputs.get(component.name);
      const inputs = {
        parameters: new Set([...Object.keys(component.inputs.parameters), ...(items?.parameters ?? [])]),
        artifacts: new Set([...Object.keys(component.inputs.artifacts), ...(items?.artifacts ?? [])]),
      };
      checkDag(spec, component, at, inputs, problems);
    } else {
      checkExecutorLabel(spec, component, at, problems);
    }
  }
  const labels = Object.keys(spec.executors);
  for (const label of Object.keys(spec.kubernetes)) {
    if (Object.hasOwn(spec.executors, label)) continue;
    const location = `platforms.kubernetes.deploymentSpec.executors.${label}`;
    problems.push({
      code: 'SKIFF_IR_UNKNOWN_EXECUTOR',
      location,
      message: `the platform spec configures executor "${label}", which is not in deploymentSpec.executors${didYouMean(label, labels)}`,
    });
  }
  return problems;
}

/** Throws one SkiffError (the first problem's code) listing every problem of `spec`; returns when there are none. */
export function validatePipeline(spec: PipelineSpec, sourceName = spec.name): void {
  const problems = findPipelineProblems(spec);
  const [first] = problems;
  if (!first) return;
  if (problems.length === 1) {
    throw new SkiffError(first.code, first.message, { location: first.location, ...fixOf(first) });
  }
  const lines = problems.slice(0, MAX_LISTED).map((p) => `  - ${p.code}: ${p.message}`);
  if (problems.length > MAX_LISTED) lines.push(`  ... and ${problems.length - MAX_LISTED} more`);
  throw new SkiffError(first.code, `${sourceName} has ${problems.length} problems:\n${lines.join('\n')}`, {
    location: first.location,
    fix: `${first.fix ?? ERROR_CODES[first.code].fix} Then fix the other problems listed.`,
  });
}

function fixOf(problem: PipelineProblem): { fix?: string } {
  return problem.fix === undefined ? {} : { fix: problem.fix };
}

/** Item inputs that ParallelFor tasks pass into their body components, by component name. */
function loopItemInputs(spec: PipelineSpec): Map<string, { parameters: string[]; artifacts: string[] }> {
  const out = new Map<string, { parameters: string[]; artifacts: string[] }>();
  const dags = [spec.root, ...Object.values(spec.components)];
  for (const dag of dags) {
    if (dag.kind !== 'dag') continue;
    for (const task of Object.values(dag.dag.tasks)) {
      if (!task.iterator) continue;
      const entry = out.get(task.componentRef) ?? { parameters: [], artifacts: [] };
      (task.iterator.kind === 'parameter' ? entry.parameters : entry.artifacts).push(task.iterator.itemInput);
      out.set(task.componentRef, entry);
    }
  }
  return out;
}

function checkDefaults(component: ComponentSpec, at: string, problems: PipelineProblem[]): void {
  for (const [key, param] of Object.entries(component.inputs.parameters)) {
    if (param.defaultValue === undefined) continue;
    const rule = parameterValueProblem(param.defaultValue, param.type);
    if (rule === undefined) continue;
    const location = `${at}.inputDefinitions.parameters.${key}.defaultValue`;
    problems.push({
      code: 'SKIFF_IR_BAD_DEFAULT',
      location,
      message: `${location} is ${JSON.stringify(param.defaultValue)}, but ${rule}`,
      fix: `Change the default to a ${param.type} value, or change parameterType.`,
    });
  }
}

function checkExecutorLabel(
  spec: PipelineSpec,
  component: ComponentSpec & { kind: 'executor' },
  at: string,
  problems: PipelineProblem[],
): void {
  const executor = own(spec.executors, component.executorLabel);
  const location = `${at}.executorLabel`;
  if (!executor) {
    const labels = Object.keys(spec.executors);
    problems.push({
      code: 'SKIFF_IR_UNKNOWN_EXECUTOR',
      location,
      message: `${location} is "${component.executorLabel}", which is not in deploymentSpec.executors${didYouMean(component.executorLabel, labels)}`,
      fix: `Use one of the labels under deploymentSpec.executors: ${labels.map((l) => `"${l}"`).join(', ') || '(none)'}.`,
    });
    return;
  }
  if (executor.kind === 'importer' && executor.artifactUri.kind === 'runtimeParameter') {
    const name = executor.artifactUri.name;
    if (!Object.hasOwn(component.inputs.parameters, name)) {
      problems.push({
        code: 'SKIFF_IR_UNKNOWN_INPUT',
        location: `deploymentSpec.executors.${component.executorLabel}.importer.artifactUri.runtimeParameter`,
        message: `importer ${component.executorLabel} takes its URI from input parameter "${name}", which ${at} does not declare${didYouMean(name, Object.keys(component.inputs.parameters))}`,
      });
    }
  }
}
