/**
 * KFP lightweight Python components with `packages_to_install`, in the exact command shape the KFP
 * SDK compiles (pip prelude, then the executor script), for tests of Python environments.
 */
const SCRIPT =
  'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main                         --component_module_path                         "$program_path/ephemeral_component.py"                         "$@"\n';

/**
 * The KFP SDK's pip prelude installing `requirements` from `indexUrl` (pip_index_urls), then kfp.
 * The SDK passes the index URL as `--trusted-host` too, which pip cannot parse when the URL has a
 * port: such an index is given without it.
 */
export function pipPrelude(requirements: readonly string[], indexUrl: string): string {
  const trusted = /:\d+\//.test(indexUrl) ? '' : ` --trusted-host ${indexUrl}`;
  const index = `--index-url ${indexUrl}${trusted}`;
  const quoted = requirements.map((r) => `'${r}'`).join(' ');
  return (
    '\nif ! [ -x "$(command -v pip)" ]; then\n    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip\nfi\n\n' +
    `PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location ${index} ${quoted}  &&  ` +
    `python3 -m pip install --quiet --no-warn-script-location ${index} 'kfp==2.14.3' '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<"3.9"' && "$0" "$@"\n`
  );
}

/** A component returning `skiffpin.__version__` (and printing where it runs), with `requirements` installed. */
export function versionComponent(requirements: readonly string[], indexUrl: string, image = 'python:3.11') {
  const source =
    '\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n' +
    'def version() -> str:\n' +
    '    import os, sys, skiffpin\n' +
    "    parent = open('/proc/%d/cmdline' % os.getppid(), 'rb').read().replace(b'\\0', b' ').decode()\n" +
    "    print('skiffpin', skiffpin.__version__, 'from', skiffpin.__file__)\n" +
    "    print('executable', sys.executable)\n" +
    "    print('parent', parent)\n" +
    '    return skiffpin.__version__\n';
  return {
    executor: {
      container: {
        image,
        command: ['sh', '-c', pipPrelude(requirements, indexUrl), 'sh', '-ec', SCRIPT, source],
        args: ['--executor_input', '{{$}}', '--function_to_execute', 'version'],
      },
    },
    component: { outputDefinitions: { parameters: { Output: { parameterType: 'STRING' } } } },
  };
}

/** A pipeline of tasks `name → component` (each its own executor), with each task's Output as a root output. */
export function versionPipeline(
  name: string,
  tasks: Readonly<Record<string, ReturnType<typeof versionComponent>>>,
  retries = 0,
): string {
  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  const dagTasks: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {};
  const outputTypes: Record<string, unknown> = {};
  for (const [taskName, def] of Object.entries(tasks)) {
    components[`comp-${taskName}`] = { ...def.component, executorLabel: `exec-${taskName}` };
    executors[`exec-${taskName}`] = def.executor;
    dagTasks[taskName] = {
      componentRef: { name: `comp-${taskName}` },
      taskInfo: { name: taskName },
      cachingOptions: {},
      ...(retries > 0 ? { retryPolicy: { maxRetryCount: retries, backoffDuration: '0s' } } : {}),
    };
    outputs[taskName] = { valueFromParameter: { producerSubtask: taskName, outputParameterKey: 'Output' } };
    outputTypes[taskName] = { parameterType: 'STRING' };
  }
  return JSON.stringify({
    pipelineInfo: { name },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.3',
    components,
    deploymentSpec: { executors },
    root: {
      dag: { tasks: dagTasks, outputs: { parameters: outputs } },
      outputDefinitions: { parameters: outputTypes },
    },
  });
}
