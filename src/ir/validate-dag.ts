import { parse as parseCel } from '@bufbuild/cel';
import { didYouMean } from '../errors/index.js';
import { findCycle } from './find-cycle.js';
import { own } from './own.js';
import type { PipelineProblem } from './pipeline-problem.js';
import type { ComponentSpec, OutputRef, PipelineSpec, TaskSpec } from './types.js';

/** What a DAG's tasks may read from their enclosing component: declared inputs plus loop item inputs. */
export interface EnclosingInputs {
  readonly parameters: ReadonlySet<string>;
  readonly artifacts: ReadonlySet<string>;
}

/** Checks the tasks and outputs of one DAG component whose location prefix is `at` (`root` or `components.x`). */
export function checkDag(
  spec: PipelineSpec,
  component: ComponentSpec & { kind: 'dag' },
  at: string,
  inputs: EnclosingInputs,
  problems: PipelineProblem[],
): void {
  const tasks = component.dag.tasks;
  const taskNames = Object.keys(tasks);
  const add = (code: PipelineProblem['code'], location: string, message: string, fix?: string) =>
    problems.push(fix === undefined ? { code, location, message } : { code, location, message, fix });

  const checkTask = (name: string, location: string, what: string) => {
    if (Object.hasOwn(tasks, name)) return true;
    add(
      'SKIFF_IR_UNKNOWN_TASK',
      location,
      `${location} names ${what} "${name}", which is not a task of ${at}.dag${didYouMean(name, taskNames)}`,
      `Refer to one of the tasks of the same DAG: ${list(taskNames)}.`,
    );
    return false;
  };
  const checkOutput = (ref: OutputRef, kind: 'parameters' | 'artifacts', location: string) => {
    if (!checkTask(ref.task, location, 'the producer task')) return;
    const producer = own(spec.components, tasks[ref.task]!.componentRef);
    if (!producer) return; // reported as an unknown component
    const declared = Object.keys(producer.outputs[kind]);
    if (declared.includes(ref.key)) return;
    add(
      'SKIFF_IR_UNKNOWN_OUTPUT',
      location,
      `${location} reads output ${kind === 'parameters' ? 'parameter' : 'artifact'} "${ref.key}" of task "${ref.task}", but its component ${producer.name} declares no such output${didYouMean(ref.key, declared)}`,
      `Use one of the outputs of ${producer.name}: ${list(declared)}.`,
    );
  };
  const checkCel = (expression: string, location: string, what: string) => {
    try {
      parseCel(expression);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      add(
        'SKIFF_IR_BAD_CONDITION',
        location,
        `${location} is the ${what} ${JSON.stringify(expression)}, which is not valid CEL: ${reason}`,
      );
    }
  };
  const checkInput = (name: string, kind: 'parameters' | 'artifacts', location: string) => {
    const declared = inputs[kind];
    if (declared.has(name)) return;
    const what = kind === 'parameters' ? 'input parameter' : 'input artifact';
    add(
      'SKIFF_IR_UNKNOWN_INPUT',
      location,
      `${location} reads the component ${what} "${name}", which ${at} does not declare${didYouMean(name, declared)}`,
      `Use an ${what} declared in ${at}.inputDefinitions (${list([...declared])}), or declare it.`,
    );
  };

  for (const task of Object.values(tasks)) {
    const loc = `${at}.dag.tasks.${task.name}`;
    if (!Object.hasOwn(spec.components, task.componentRef)) {
      const names = Object.keys(spec.components);
      add(
        'SKIFF_IR_UNKNOWN_COMPONENT',
        `${loc}.componentRef.name`,
        `${loc}.componentRef.name is "${task.componentRef}", which is not in components${didYouMean(task.componentRef, names)}`,
        `Use one of the names under components: ${list(names)}.`,
      );
    }
    for (const [i, dep] of task.dependentTasks.entries()) {
      checkTask(dep, `${loc}.dependentTasks[${i}]`, 'the upstream task');
    }
    for (const [key, input] of Object.entries(task.parameters)) {
      const where = `${loc}.inputs.parameters.${key}`;
      const source = input.source;
      if (source.kind === 'componentInput')
        checkInput(source.name, 'parameters', `${where}.componentInputParameter`);
      if (source.kind === 'taskOutput') checkOutput(source, 'parameters', `${where}.taskOutputParameter`);
      if (source.kind === 'taskFinalStatus')
        checkTask(source.task, `${where}.taskFinalStatus.producerTask`, 'the task');
      if (input.expressionSelector !== undefined) {
        checkCel(input.expressionSelector, `${where}.parameterExpressionSelector`, 'selector');
      }
    }
    for (const [key, source] of Object.entries(task.artifacts)) {
      const where = `${loc}.inputs.artifacts.${key}`;
      if (source.kind === 'componentInput')
        checkInput(source.name, 'artifacts', `${where}.componentInputArtifact`);
      else checkOutput(source, 'artifacts', `${where}.taskOutputArtifact`);
    }
    if (task.condition !== undefined) checkCel(task.condition, `${loc}.triggerPolicy.condition`, 'condition');
    checkIterator(task, loc, add);
  }

  for (const [key, out] of Object.entries(component.dag.parameterOutputs)) {
    const where = `${at}.dag.outputs.parameters.${key}`;
    if (out.kind === 'single') checkOutput(out.from, 'parameters', `${where}.valueFromParameter`);
    else {
      for (const [i, ref] of out.from.entries()) {
        checkOutput(ref, 'parameters', `${where}.valueFromOneof.parameterSelectors[${i}]`);
      }
    }
  }
  for (const [key, out] of Object.entries(component.dag.artifactOutputs)) {
    const where = `${at}.dag.outputs.artifacts.${key}`;
    for (const [i, ref] of out.from.entries())
      checkOutput(ref, 'artifacts', `${where}.artifactSelectors[${i}]`);
  }

  const cycle = findCycle(new Map(Object.values(tasks).map((t) => [t.name, upstreamOf(t)])));
  if (cycle) {
    add(
      'SKIFF_IR_CYCLE',
      `${at}.dag.tasks.${cycle[0]}`,
      `the tasks of ${at}.dag depend on each other in a cycle: ${cycle.join(' → ')} (each task depends on the next)`,
      `Remove one of the dependencies in the cycle (dependentTasks or an input read from a task of the cycle).`,
    );
  }
}

/** Every task `task` waits for: dependentTasks plus the producers of its inputs. */
export function upstreamOf(task: TaskSpec): string[] {
  const names = new Set(task.dependentTasks);
  for (const input of Object.values(task.parameters)) {
    if (input.source.kind === 'taskOutput' || input.source.kind === 'taskFinalStatus')
      names.add(input.source.task);
  }
  for (const source of Object.values(task.artifacts))
    if (source.kind === 'taskOutput') names.add(source.task);
  return [...names];
}

type Add = (code: PipelineProblem['code'], location: string, message: string, fix?: string) => void;

function checkIterator(task: TaskSpec, loc: string, add: Add): void {
  const it = task.iterator;
  if (!it) return;
  if (it.kind === 'artifact') {
    if (!Object.hasOwn(task.artifacts, it.inputArtifact)) {
      const where = `${loc}.artifactIterator.items.inputArtifact`;
      add(
        'SKIFF_IR_BAD_ITERATOR',
        where,
        `${where} is "${it.inputArtifact}", which is not an input artifact of the task${didYouMean(it.inputArtifact, Object.keys(task.artifacts))}`,
        'Name one of the keys of the task inputs.artifacts.',
      );
    }
    return;
  }
  const where = `${loc}.parameterIterator.items`;
  if (it.items.kind === 'input') {
    if (!Object.hasOwn(task.parameters, it.items.name)) {
      add(
        'SKIFF_IR_BAD_ITERATOR',
        `${where}.inputParameter`,
        `${where}.inputParameter is "${it.items.name}", which is not an input parameter of the task${didYouMean(it.items.name, Object.keys(task.parameters))}`,
        'Name one of the keys of the task inputs.parameters.',
      );
    }
    return;
  }
  let items: unknown;
  try {
    items = JSON.parse(it.items.json);
  } catch {
    items = undefined;
  }
  if (!Array.isArray(items)) {
    add(
      'SKIFF_IR_BAD_ITERATOR',
      `${where}.raw`,
      `${where}.raw is ${JSON.stringify(it.items.json.slice(0, 60))}, which is not a JSON list`,
      "Give items.raw as a JSON list, e.g. '[1, 2, 3]'.",
    );
  }
}

function list(names: readonly string[]): string {
  if (names.length === 0) return '(none)';
  const shown = names
    .slice(0, 10)
    .map((n) => `"${n}"`)
    .join(', ');
  return names.length > 10 ? `${shown}, ... (${names.length} in all)` : shown;
}
