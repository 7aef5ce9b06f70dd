import { SkiffError } from '../errors/index.js';
import type { RawComponent, RawInterface, RawPipeline, RawPlatform } from './ir-schema.js';
import { setOwn } from './own.js';
import { toArtifactType, toExecutor } from './to-executor.js';
import { toTask } from './to-task.js';
import { toWorkspace } from './to-workspace.js';
import type {
  ArtifactSpec,
  ComponentSpec,
  DagArtifactOutput,
  DagParameterOutput,
  DagSpec,
  ExecutorSpec,
  InterfaceSpec,
  JsonValue,
  KubernetesExecutorConfig,
  ParameterSpec,
  ParameterType,
  PipelineSpec,
  TaskSpec,
} from './types.js';

const LEGACY_TYPES: Record<string, ParameterType> = {
  STRING: 'STRING',
  INT: 'NUMBER_INTEGER',
  DOUBLE: 'NUMBER_DOUBLE',
};

/** Maps schema-checked raw documents to the closed PipelineSpec types (structure only; see validate-pipeline). */
export function toPipelineSpec(raw: RawPipeline, platform?: RawPlatform): PipelineSpec {
  const root = toComponent('root', raw.root, 'root');
  if (root.kind !== 'dag') {
    throw new SkiffError('SKIFF_IR_SCHEMA', 'root has no "dag": the root of a pipeline must be a DAG', {
      location: 'root.dag',
      fix: 'Compile the pipeline with the KFP SDK; root.dag holds its tasks.',
    });
  }
  const components: Record<string, ComponentSpec> = {};
  for (const [name, component] of Object.entries(raw.components ?? {})) {
    setOwn(components, name, toComponent(name, component, `components.${name}`));
  }
  const executors: Record<string, ExecutorSpec> = {};
  for (const [label, executor] of Object.entries(raw.deploymentSpec?.executors ?? {})) {
    setOwn(executors, label, toExecutor(executor, `deploymentSpec.executors.${label}`));
  }
  const kubernetes: Record<string, KubernetesExecutorConfig> = {};
  const platformExecutors = platform?.platforms.kubernetes?.deploymentSpec?.executors ?? {};
  for (const [label, config] of Object.entries(platformExecutors)) {
    setOwn(kubernetes, label, config as KubernetesExecutorConfig);
  }
  const workspace = toWorkspace(platform?.platforms.kubernetes?.pipelineConfig);
  const info = raw.pipelineInfo;
  return {
    name: info.name,
    schemaVersion: raw.schemaVersion,
    root,
    components,
    executors,
    kubernetes,
    ...(workspace ? { workspace } : {}),
    ...(info.displayName !== undefined ? { displayName: info.displayName } : {}),
    ...(info.description !== undefined ? { description: info.description } : {}),
    ...(raw.sdkVersion !== undefined ? { sdkVersion: raw.sdkVersion } : {}),
    ...(raw.defaultPipelineRoot !== undefined ? { defaultPipelineRoot: raw.defaultPipelineRoot } : {}),
  };
}

function toComponent(name: string, raw: RawComponent, location: string): ComponentSpec {
  const inputs = toInterface(raw.inputDefinitions, `${location}.inputDefinitions`);
  const outputs = toInterface(raw.outputDefinitions, `${location}.outputDefinitions`);
  if (raw.dag && raw.executorLabel === undefined) {
    return { kind: 'dag', name, inputs, outputs, dag: toDag(raw.dag, `${location}.dag`) };
  }
  if (raw.executorLabel !== undefined && !raw.dag) {
    return { kind: 'executor', name, inputs, outputs, executorLabel: raw.executorLabel };
  }
  const has = raw.dag ? 'both' : 'neither';
  throw new SkiffError(
    'SKIFF_IR_SCHEMA',
    `${location} has ${has} "dag" and "executorLabel"; it needs exactly one`,
    {
      location,
      fix: 'A component is either a DAG (sub-pipeline) or a leaf with an executorLabel.',
    },
  );
}

function toInterface(raw: RawInterface | undefined, location: string): InterfaceSpec {
  const parameters: Record<string, ParameterSpec> = {};
  for (const [key, p] of Object.entries(raw?.parameters ?? {})) {
    const type = p.parameterType ?? (p.type === undefined ? undefined : LEGACY_TYPES[p.type]);
    if (type === undefined) {
      throw new SkiffError('SKIFF_IR_SCHEMA', `${location}.parameters.${key} has no parameterType`, {
        location: `${location}.parameters.${key}.parameterType`,
        fix: 'Set parameterType (STRING, NUMBER_INTEGER, NUMBER_DOUBLE, BOOLEAN, LIST or STRUCT).',
      });
    }
    setOwn(parameters, key, {
      type,
      // A default makes a parameter optional in KFP even when isOptional is not written.
      isOptional: p.isOptional ?? p.defaultValue !== undefined,
      ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue as JsonValue } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
    });
  }
  const artifacts: Record<string, ArtifactSpec> = {};
  for (const [key, a] of Object.entries(raw?.artifacts ?? {})) {
    setOwn(artifacts, key, {
      type: toArtifactType(a.artifactType),
      isArtifactList: a.isArtifactList ?? false,
      isOptional: a.isOptional ?? false,
      ...(a.description !== undefined ? { description: a.description } : {}),
    });
  }
  return { parameters, artifacts };
}

function toDag(raw: NonNullable<RawComponent['dag']>, location: string): DagSpec {
  const tasks: Record<string, TaskSpec> = {};
  for (const [name, task] of Object.entries(raw.tasks ?? {})) {
    setOwn(tasks, name, toTask(name, task, `${location}.tasks.${name}`));
  }
  const parameterOutputs: Record<string, DagParameterOutput> = {};
  for (const [key, out] of Object.entries(raw.outputs?.parameters ?? {})) {
    const where = `${location}.outputs.parameters.${key}`;
    if (out.valueFromParameter && !out.valueFromOneof) {
      const { producerSubtask, outputParameterKey } = out.valueFromParameter;
      setOwn(parameterOutputs, key, {
        kind: 'single',
        from: { task: producerSubtask, key: outputParameterKey },
      });
    } else if (out.valueFromOneof && !out.valueFromParameter) {
      const from = out.valueFromOneof.parameterSelectors.map((s) => ({
        task: s.producerSubtask,
        key: s.outputParameterKey,
      }));
      setOwn(parameterOutputs, key, { kind: 'oneOf', from });
    } else {
      throw new SkiffError(
        'SKIFF_IR_SCHEMA',
        `${where} needs exactly one of valueFromParameter and valueFromOneof`,
        {
          location: where,
        },
      );
    }
  }
  const artifactOutputs: Record<string, DagArtifactOutput> = {};
  for (const [key, out] of Object.entries(raw.outputs?.artifacts ?? {})) {
    setOwn(artifactOutputs, key, {
      from: out.artifactSelectors.map((s) => ({ task: s.producerSubtask, key: s.outputArtifactKey })),
    });
  }
  return { tasks, parameterOutputs, artifactOutputs };
}
