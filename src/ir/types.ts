/**
 * KFP PipelineSpec (schemaVersion 2.1.0) as closed, readonly, `kind`-tagged types.
 * The loader (`load-pipeline.ts`) turns YAML/JSON text into these; inner code trusts them.
 */

/** A JSON value as carried by parameters. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/** KFP parameter types (`parameterType` in the IR). */
export type ParameterType =
  | 'STRING'
  | 'NUMBER_INTEGER'
  | 'NUMBER_DOUBLE'
  | 'BOOLEAN'
  | 'LIST'
  | 'STRUCT'
  | 'TASK_FINAL_STATUS'
  | 'TASK_CONFIG';

/** A declared input or output parameter of a component. */
export interface ParameterSpec {
  readonly type: ParameterType;
  readonly defaultValue?: JsonValue;
  readonly isOptional: boolean;
  readonly description?: string;
}

/** An artifact type, e.g. `{ schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }`. */
export interface ArtifactType {
  readonly schemaTitle: string;
  readonly schemaVersion?: string;
}

/** A declared input or output artifact of a component. */
export interface ArtifactSpec {
  readonly type: ArtifactType;
  readonly isArtifactList: boolean;
  readonly isOptional: boolean;
  readonly description?: string;
}

/** Inputs or outputs of a component. */
export interface InterfaceSpec {
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly artifacts: Readonly<Record<string, ArtifactSpec>>;
}

/** Where a task input parameter's value comes from. */
export type ParameterSource =
  | { readonly kind: 'constant'; readonly value: JsonValue }
  | { readonly kind: 'componentInput'; readonly name: string }
  | { readonly kind: 'taskOutput'; readonly task: string; readonly key: string }
  | { readonly kind: 'taskFinalStatus'; readonly task: string };

/** A task input parameter: its source and an optional CEL selector applied to the value. */
export interface TaskParameterInput {
  readonly source: ParameterSource;
  /** CEL expression over `parameter` (KFP `parameterExpressionSelector`). */
  readonly expressionSelector?: string;
}

/** Where a task input artifact comes from. */
export type ArtifactSource =
  | { readonly kind: 'componentInput'; readonly name: string }
  | { readonly kind: 'taskOutput'; readonly task: string; readonly key: string };

/** KFP `retryPolicy`, durations in seconds. */
export interface RetryPolicy {
  readonly maxRetryCount: number;
  readonly backoffSeconds: number;
  readonly backoffFactor: number;
  readonly backoffMaxSeconds: number;
}

/** ParallelFor over a list of parameter values or artifacts. */
export type Iterator =
  | {
      readonly kind: 'parameter';
      /** Either raw JSON list text or the name of a component input parameter holding the list. */
      readonly items:
        | { readonly kind: 'raw'; readonly json: string }
        | { readonly kind: 'input'; readonly name: string };
      /** Name under which each item is passed into the loop body component. */
      readonly itemInput: string;
    }
  | {
      readonly kind: 'artifact';
      /** Name of the task input artifact (a list) to iterate over. */
      readonly inputArtifact: string;
      readonly itemInput: string;
    };

/** When a task runs relative to its upstream tasks. */
export type TriggerStrategy = 'ALL_UPSTREAM_TASKS_SUCCEEDED' | 'ALL_UPSTREAM_TASKS_COMPLETED';

/** One node of a DAG. */
export interface TaskSpec {
  /** The key of the task in `dag.tasks`. */
  readonly name: string;
  /** `taskInfo.name` (display name). */
  readonly displayName: string;
  readonly componentRef: string;
  readonly dependentTasks: readonly string[];
  readonly parameters: Readonly<Record<string, TaskParameterInput>>;
  readonly artifacts: Readonly<Record<string, ArtifactSource>>;
  readonly condition?: string;
  readonly strategy: TriggerStrategy;
  readonly iterator?: Iterator;
  readonly parallelismLimit?: number;
  readonly retryPolicy?: RetryPolicy;
  readonly enableCache: boolean;
  readonly cacheKey?: string;
}

/** A reference to one output of a sub-task. */
export interface OutputRef {
  readonly task: string;
  readonly key: string;
}

/** How a DAG's output parameter is produced: from one task, or the first that ran (OneOf). */
export type DagParameterOutput =
  | { readonly kind: 'single'; readonly from: OutputRef }
  | { readonly kind: 'oneOf'; readonly from: readonly OutputRef[] };

/** How a DAG's output artifact is produced: one or more selectors (more than one = OneOf). */
export interface DagArtifactOutput {
  readonly from: readonly OutputRef[];
}

/** A DAG body: tasks by name, and how its outputs are gathered. */
export interface DagSpec {
  readonly tasks: Readonly<Record<string, TaskSpec>>;
  readonly parameterOutputs: Readonly<Record<string, DagParameterOutput>>;
  readonly artifactOutputs: Readonly<Record<string, DagArtifactOutput>>;
}

/** A component: a DAG, or a leaf run by an executor. */
export type ComponentSpec =
  | {
      readonly kind: 'dag';
      readonly name: string;
      readonly inputs: InterfaceSpec;
      readonly outputs: InterfaceSpec;
      readonly dag: DagSpec;
    }
  | {
      readonly kind: 'executor';
      readonly name: string;
      readonly inputs: InterfaceSpec;
      readonly outputs: InterfaceSpec;
      readonly executorLabel: string;
    };

/** An environment variable of a container. */
export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/** Resources requested by a container (recorded; enforced only by executors that can). */
export interface ResourceSpec {
  readonly cpuLimit?: string;
  readonly memoryLimit?: string;
  readonly cpuRequest?: string;
  readonly memoryRequest?: string;
  readonly accelerator?: { readonly type?: string; readonly count?: string };
}

/** A container executor: what the launcher runs. */
export interface ContainerSpec {
  readonly kind: 'container';
  readonly image: string;
  /** Command and args as written in the spec (JSON placeholders kept as text). */
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly EnvVar[];
  readonly resources?: ResourceSpec;
}

/** An importer executor: registers an existing URI as an artifact. */
export interface ImporterSpec {
  readonly kind: 'importer';
  readonly artifactUri:
    | { readonly kind: 'constant'; readonly value: string }
    | { readonly kind: 'runtimeParameter'; readonly name: string };
  readonly type: ArtifactType;
  readonly metadata: Readonly<Record<string, JsonValue>>;
  readonly reimport: boolean;
}

/** What a component's executor label points at. */
export type ExecutorSpec = ContainerSpec | ImporterSpec;

/** KFP `platforms.kubernetes` config for one executor, kept as parsed JSON (passed to executors). */
export type KubernetesExecutorConfig = Readonly<Record<string, JsonValue>>;

/** The run's workspace a pipeline asks for (`platforms.kubernetes.pipelineConfig.workspace`). */
export interface PipelineWorkspace {
  /** A Kubernetes quantity, e.g. "1Gi". */
  readonly size: string;
  /** Fields laid over Skiff's claim spec on Kubernetes (accessModes, storageClassName, ...). */
  readonly pvcSpecPatch?: Readonly<Record<string, JsonValue>>;
}

/** A loaded, validated pipeline. */
export interface PipelineSpec {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly schemaVersion: string;
  readonly sdkVersion?: string;
  readonly defaultPipelineRoot?: string;
  readonly root: ComponentSpec & { readonly kind: 'dag' };
  readonly components: Readonly<Record<string, ComponentSpec>>;
  readonly executors: Readonly<Record<string, ExecutorSpec>>;
  /** Kubernetes platform config by executor label (second YAML document). */
  readonly kubernetes: Readonly<Record<string, KubernetesExecutorConfig>>;
  /** The run's shared workspace, when the pipeline configures one (a PVC per run on Kubernetes). */
  readonly workspace?: PipelineWorkspace;
}
