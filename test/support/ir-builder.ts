/**
 * Builds small KFP IR documents (as plain JSON) for tests: components with typed parameters and
 * artifacts, tasks wired by `taskOutputParameter`/`componentInputParameter`, and shell executors.
 */
type Params = Record<string, string>;

export interface ComponentDef {
  readonly inputs?: Params;
  readonly outputs?: Params;
  readonly inputArtifacts?: Params;
  readonly outputArtifacts?: Params;
  /** A shell script run with `sh -c`; placeholders allowed. */
  readonly script?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly dag?: DagDef;
  readonly defaults?: Record<string, unknown>;
}

export interface DagDef {
  readonly tasks: Record<string, Record<string, unknown>>;
  readonly outputs?: Record<string, unknown>;
}

function iface(
  params?: Params,
  artifacts?: Params,
  defaults?: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (params && Object.keys(params).length) {
    out.parameters = Object.fromEntries(
      Object.entries(params).map(([k, t]) => [
        k,
        defaults && k in defaults
          ? { parameterType: t, defaultValue: defaults[k], isOptional: true }
          : { parameterType: t },
      ]),
    );
  }
  if (artifacts && Object.keys(artifacts).length) {
    out.artifacts = Object.fromEntries(
      Object.entries(artifacts).map(([k, t]) => [
        k,
        { artifactType: { schemaTitle: t, schemaVersion: '0.0.1' } },
      ]),
    );
  }
  return out;
}

/** A whole pipeline: components by name (`comp-` prefix added), the root DAG, root inputs/outputs. */
export function pipeline(
  name: string,
  components: Record<string, ComponentDef>,
  root: DagDef & { inputs?: Params; outputTypes?: Params; defaults?: Record<string, unknown> },
): string {
  const comps: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  for (const [cname, def] of Object.entries(components)) {
    const comp: Record<string, unknown> = {
      inputDefinitions: iface(def.inputs, def.inputArtifacts, def.defaults),
      outputDefinitions: iface(def.outputs, def.outputArtifacts),
    };
    if (def.dag) comp.dag = def.dag;
    else {
      comp.executorLabel = `exec-${cname}`;
      executors[`exec-${cname}`] = {
        container: {
          image: 'alpine',
          command: def.command ?? ['sh', '-c', def.script ?? 'true'],
          ...(def.args ? { args: def.args } : {}),
        },
      };
    }
    comps[`comp-${cname}`] = comp;
  }
  return JSON.stringify({
    pipelineInfo: { name },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: comps,
    deploymentSpec: { executors },
    root: {
      dag: { tasks: root.tasks, ...(root.outputs ? { outputs: root.outputs } : {}) },
      inputDefinitions: iface(root.inputs, undefined, root.defaults),
      outputDefinitions: iface(root.outputTypes),
    },
  });
}

/** A task referring to component `comp-<component>`, with extra IR fields. */
export function task(component: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { componentRef: { name: `comp-${component}` }, taskInfo: { name: component }, ...extra };
}

/** `inputs.parameters` wiring helpers. */
export const from = {
  constant: (value: unknown) => ({ runtimeValue: { constant: value } }),
  input: (name: string) => ({ componentInputParameter: name }),
  task: (producerTask: string, outputParameterKey = 'Output') => ({
    taskOutputParameter: { producerTask, outputParameterKey },
  }),
  artifact: (producerTask: string, outputArtifactKey: string) => ({
    taskOutputArtifact: { producerTask, outputArtifactKey },
  }),
};

export { kfpPython } from './kfp-python.mjs';
