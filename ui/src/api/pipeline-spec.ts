// The parts of a KFP PipelineSpec (IR, schemaVersion 2.1.0) the UI draws, read defensively: a spec
// is external data, so every field may be missing or of another type.

/** A parameter or artifact definition of a component's interface. */
export interface IoDefinition {
  readonly name: string;
  /** `STRING`, `NUMBER_INTEGER`, … for parameters; the schema title (`system.Model`) for artifacts. */
  readonly type: string;
  readonly kind: 'parameter' | 'artifact';
  readonly optional: boolean;
  readonly defaultValue?: unknown;
}

/** One task of a DAG of the spec. */
export interface SpecTask {
  readonly name: string;
  readonly componentName: string;
  readonly kind: 'container' | 'importer' | 'dag' | 'loop';
  /** The tasks of the same DAG this one waits for (dependentTasks and data). */
  readonly upstream: readonly string[];
  readonly condition?: string;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The spec's components (`components`), by name. */
export function componentsOf(spec: unknown): Json {
  return obj(obj(spec).components);
}

/** The DAG component `root` or a named component's `dag.tasks`. */
function dagTasks(spec: unknown, componentName: string | undefined): Json {
  const component =
    componentName === undefined ? obj(obj(spec).root) : obj(componentsOf(spec)[componentName]);
  return obj(obj(component.dag).tasks);
}

/** The tasks of the DAG at `level` (task names from the root, `[]` for the root), or undefined. */
export function specTasksAt(spec: unknown, level: readonly string[]): SpecTask[] | undefined {
  let componentName: string | undefined;
  for (const name of level) {
    const task = obj(dagTasks(spec, componentName)[name]);
    const next = str(obj(task.componentRef).name);
    if (next === undefined || obj(componentsOf(spec)[next]).dag === undefined) return undefined;
    componentName = next;
  }
  if (componentName === undefined && obj(obj(spec).root).dag === undefined) return undefined;
  const executors = obj(obj(obj(spec).deploymentSpec).executors);
  return Object.entries(dagTasks(spec, componentName)).map(([name, raw]) => {
    const task = obj(raw);
    const ref = str(obj(task.componentRef).name) ?? '';
    const component = obj(componentsOf(spec)[ref]);
    const isDag = component.dag !== undefined;
    const looped = task.parameterIterator !== undefined || task.artifactIterator !== undefined;
    const importer = obj(executors[str(component.executorLabel) ?? '']).importer !== undefined;
    const condition = str(obj(task.triggerPolicy).condition);
    return {
      name,
      componentName: ref,
      kind: isDag ? (looped ? 'loop' : 'dag') : importer ? 'importer' : 'container',
      upstream: upstreamOf(task),
      ...(condition === undefined ? {} : { condition }),
    };
  });
}

/** dependentTasks and every producerTask named by the task's inputs, once each. */
function upstreamOf(task: Json): string[] {
  const names = new Set<string>();
  const deps = task.dependentTasks;
  if (Array.isArray(deps)) for (const dep of deps) if (typeof dep === 'string') names.add(dep);
  const inputs = obj(task.inputs);
  for (const group of [obj(inputs.parameters), obj(inputs.artifacts)]) {
    for (const value of Object.values(group)) {
      const input = obj(value);
      for (const key of ['taskOutputParameter', 'taskOutputArtifact']) {
        const producer = str(obj(input[key]).producerTask);
        if (producer !== undefined) names.add(producer);
      }
    }
  }
  return [...names];
}

/** The inputs and outputs a component declares, with their types. */
export function componentInterface(
  spec: unknown,
  componentName: string,
): { readonly inputs: IoDefinition[]; readonly outputs: IoDefinition[] } {
  const component = obj(componentsOf(spec)[componentName]);
  return {
    inputs: definitions(component.inputDefinitions),
    outputs: definitions(component.outputDefinitions),
  };
}

function definitions(raw: unknown): IoDefinition[] {
  const section = obj(raw);
  const out: IoDefinition[] = [];
  for (const [name, value] of Object.entries(obj(section.parameters))) {
    const def = obj(value);
    out.push({
      name,
      kind: 'parameter',
      type: str(def.parameterType) ?? str(def.type) ?? 'unknown',
      optional: def.isOptional === true,
      ...('defaultValue' in def ? { defaultValue: def.defaultValue } : {}),
    });
  }
  for (const [name, value] of Object.entries(obj(section.artifacts))) {
    const def = obj(value);
    out.push({
      name,
      kind: 'artifact',
      type: str(obj(def.artifactType).schemaTitle) ?? 'unknown',
      optional: def.isOptional === true,
    });
  }
  return out;
}

/** The pipeline's name (`pipelineInfo.name`). */
export function specName(spec: unknown): string | undefined {
  return str(obj(obj(spec).pipelineInfo).name);
}

/** The PipelineSpec of a stored spec, which is wrapped as `{pipeline_spec, platform_spec}` when it has a platform spec. */
export function pipelineSpecOf(value: unknown): unknown {
  const record = obj(value);
  return record.root === undefined && record.pipeline_spec !== undefined ? record.pipeline_spec : value;
}
