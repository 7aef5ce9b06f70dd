/** A task of a wide spec, as KFP compiles one. */
export interface WideTask {
  readonly componentRef: { readonly name: string };
  readonly taskInfo: { readonly name: string };
  readonly inputs: Record<string, unknown>;
  readonly dependentTasks?: readonly string[];
}

/**
 * IR of a wide pipeline as KFP compiles one: `count` components, each with its own executor and
 * task, each task reading the previous task's `Output` (about 660 bytes of YAML per component).
 * Shared by test/server-large-spec.test.ts and bench/large-upload.mjs.
 */
export function wideSpec(name: string, count: number) {
  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  const tasks: Record<string, WideTask> = {};
  for (let i = 0; i < count; i++) {
    components[`comp-step-${i}`] = {
      executorLabel: `exec-step-${i}`,
      inputDefinitions: { parameters: { x: { parameterType: 'STRING' } } },
      outputDefinitions: { parameters: { Output: { parameterType: 'STRING' } } },
    };
    executors[`exec-step-${i}`] = {
      container: { image: 'alpine', command: ['sh', '-c', 'echo "$0" > "$1"'] },
    };
    const x =
      i === 0
        ? { runtimeValue: { constant: 'a' } }
        : { taskOutputParameter: { outputParameterKey: 'Output', producerTask: `step-${i - 1}` } };
    tasks[`step-${i}`] = {
      componentRef: { name: `comp-step-${i}` },
      taskInfo: { name: `step-${i}` },
      inputs: { parameters: { x } },
      ...(i > 0 ? { dependentTasks: [`step-${i - 1}`] } : {}),
    };
  }
  return {
    pipelineInfo: { name },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components,
    deploymentSpec: { executors },
    root: { dag: { tasks } },
  };
}
