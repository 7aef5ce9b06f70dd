import { z } from 'zod';
import { kubernetesExecutorConfigSchema } from './platform-schema.js';

/**
 * Zod schemas of the raw KFP IR as written by the SDK. Objects are loose (unknown fields are kept
 * and ignored, since the IR grows), but every known field must have its documented type.
 */

const json = z.json();
const str = z.string();
const map = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

/** Parameter types, with the legacy (schema 2.0.0) names under `type`. */
const parameterType = z.enum([
  'STRING',
  'NUMBER_INTEGER',
  'NUMBER_DOUBLE',
  'BOOLEAN',
  'LIST',
  'STRUCT',
  'TASK_FINAL_STATUS',
  'TASK_CONFIG',
]);
const legacyType = z.enum(['STRING', 'INT', 'DOUBLE']);

const parameterSpec = z.looseObject({
  parameterType: parameterType.optional(),
  type: legacyType.optional(),
  defaultValue: json.optional(),
  isOptional: z.boolean().optional(),
  description: str.optional(),
});

const artifactType = z.looseObject({
  schemaTitle: str.optional(),
  schemaVersion: str.optional(),
  instanceSchema: str.optional(),
});

const artifactSpec = z.looseObject({
  artifactType,
  isArtifactList: z.boolean().optional(),
  isOptional: z.boolean().optional(),
  description: str.optional(),
});

const interfaceSpec = z.looseObject({
  parameters: map(parameterSpec).optional(),
  artifacts: map(artifactSpec).optional(),
});

const legacyConstant = z.looseObject({
  stringValue: str.optional(),
  intValue: z.union([z.number(), str]).optional(),
  doubleValue: z.number().optional(),
});

const taskParameterInput = z.looseObject({
  componentInputParameter: str.optional(),
  runtimeValue: z
    .looseObject({ constant: json.optional(), constantValue: legacyConstant.optional() })
    .optional(),
  taskOutputParameter: z.looseObject({ producerTask: str, outputParameterKey: str }).optional(),
  taskFinalStatus: z.looseObject({ producerTask: str }).optional(),
  parameterExpressionSelector: str.optional(),
});

const taskArtifactInput = z.looseObject({
  componentInputArtifact: str.optional(),
  taskOutputArtifact: z.looseObject({ producerTask: str, outputArtifactKey: str }).optional(),
});

const count = z.number().int().nonnegative();

const taskSpec = z.looseObject({
  taskInfo: z.looseObject({ name: str.optional() }).optional(),
  componentRef: z.looseObject({ name: str }),
  dependentTasks: z.array(str).optional(),
  inputs: z
    .looseObject({
      parameters: map(taskParameterInput).optional(),
      artifacts: map(taskArtifactInput).optional(),
    })
    .optional(),
  triggerPolicy: z
    .looseObject({
      condition: str.optional(),
      strategy: z
        .enum([
          'TRIGGER_STRATEGY_UNSPECIFIED',
          'ALL_UPSTREAM_TASKS_SUCCEEDED',
          'ALL_UPSTREAM_TASKS_COMPLETED',
        ])
        .optional(),
    })
    .optional(),
  parameterIterator: z
    .looseObject({
      itemInput: str,
      items: z.looseObject({ raw: z.union([str, z.array(json)]).optional(), inputParameter: str.optional() }),
    })
    .optional(),
  artifactIterator: z
    .looseObject({ itemInput: str, items: z.looseObject({ inputArtifact: str }) })
    .optional(),
  iteratorPolicy: z.looseObject({ parallelismLimit: count.optional() }).optional(),
  retryPolicy: z
    .looseObject({
      maxRetryCount: count.optional(),
      backoffDuration: str.optional(),
      backoffFactor: z.number().nonnegative().optional(),
      backoffMaxDuration: str.optional(),
    })
    .optional(),
  cachingOptions: z.looseObject({ enableCache: z.boolean().optional(), cacheKey: str.optional() }).optional(),
});

const parameterSelector = z.looseObject({ producerSubtask: str, outputParameterKey: str });
const artifactSelector = z.looseObject({ producerSubtask: str, outputArtifactKey: str });

const dagSpec = z.looseObject({
  tasks: map(taskSpec).optional(),
  outputs: z
    .looseObject({
      parameters: map(
        z.looseObject({
          valueFromParameter: parameterSelector.optional(),
          valueFromOneof: z.looseObject({ parameterSelectors: z.array(parameterSelector) }).optional(),
        }),
      ).optional(),
      artifacts: map(z.looseObject({ artifactSelectors: z.array(artifactSelector) })).optional(),
    })
    .optional(),
});

const componentSpec = z.looseObject({
  inputDefinitions: interfaceSpec.optional(),
  outputDefinitions: interfaceSpec.optional(),
  dag: dagSpec.optional(),
  executorLabel: str.optional(),
});

const resources = z.looseObject({
  cpuLimit: z.number().optional(),
  memoryLimit: z.number().optional(),
  cpuRequest: z.number().optional(),
  memoryRequest: z.number().optional(),
  resourceCpuLimit: str.optional(),
  resourceMemoryLimit: str.optional(),
  resourceCpuRequest: str.optional(),
  resourceMemoryRequest: str.optional(),
  accelerator: z
    .looseObject({
      type: str.optional(),
      count: z.union([str, z.number()]).optional(),
      resourceType: str.optional(),
      resourceCount: str.optional(),
    })
    .optional(),
});

const containerSpec = z.looseObject({
  image: str,
  command: z.array(str).optional(),
  args: z.array(str).optional(),
  env: z.array(z.looseObject({ name: str, value: str.optional() })).optional(),
  resources: resources.optional(),
});

const importerSpec = z.looseObject({
  artifactUri: z.looseObject({
    constant: str.optional(),
    constantValue: z.looseObject({ stringValue: str }).optional(),
    runtimeParameter: str.optional(),
  }),
  typeSchema: artifactType,
  metadata: map(json).optional(),
  reimport: z.boolean().optional(),
});

const executorSpec = z.looseObject({
  container: containerSpec.optional(),
  importer: importerSpec.optional(),
});

/** The PipelineSpec document. Top-level keys are closed so that a misspelt section is caught. */
export const rawPipelineSchema = z.strictObject({
  pipelineInfo: z.looseObject({ name: str, displayName: str.optional(), description: str.optional() }),
  deploymentSpec: z.looseObject({ executors: map(executorSpec).optional() }).optional(),
  components: map(componentSpec).optional(),
  root: componentSpec,
  schemaVersion: str,
  sdkVersion: str.optional(),
  defaultPipelineRoot: str.optional(),
});

/** The platform spec document (`platforms.kubernetes`), kept as JSON per executor once its known fields check out. */
export const rawPlatformSchema = z.looseObject({
  platforms: z.looseObject({
    kubernetes: z
      .looseObject({
        deploymentSpec: z
          .looseObject({ executors: map(kubernetesExecutorConfigSchema).optional() })
          .optional(),
        pipelineConfig: map(json).optional(),
      })
      .optional(),
  }),
});

/** Raw types inferred from the schemas. */
export type RawPipeline = z.infer<typeof rawPipelineSchema>;
/** A raw component (root or under `components`). */
export type RawComponent = z.infer<typeof componentSpec>;
/** A raw DAG task. */
export type RawTask = z.infer<typeof taskSpec>;
/** A raw interface (inputDefinitions/outputDefinitions). */
export type RawInterface = z.infer<typeof interfaceSpec>;
/** A raw deploymentSpec executor. */
export type RawExecutor = z.infer<typeof executorSpec>;
/** A raw platform spec document. */
export type RawPlatform = z.infer<typeof rawPlatformSchema>;
