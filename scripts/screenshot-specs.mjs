// The pipelines scripts/screenshots.mjs runs: small KFP IR documents (shell and Python function
// components) that give the pages something real to show: a DAG, a retried task, metrics with a
// confusion matrix and a ROC curve, and a failed run.
import { kfpPython } from '../test/support/kfp-python.mjs';

const artifacts = (names) =>
  Object.fromEntries(
    Object.entries(names).map(([name, type]) => [
      name,
      { artifactType: { schemaTitle: type, schemaVersion: '0.0.1' } },
    ]),
  );

function component(name, { inputs, outputArtifacts, command, args }) {
  return {
    component: {
      ...(inputs ? { inputDefinitions: { parameters: inputs } } : {}),
      ...(outputArtifacts ? { outputDefinitions: { artifacts: artifacts(outputArtifacts) } } : {}),
      executorLabel: `exec-${name}`,
    },
    executor: { container: { image: 'python:3.11', command, ...(args ? { args } : {}) } },
  };
}

function spec(name, description, parts, tasks, inputs) {
  return {
    pipelineInfo: { name, description },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: Object.fromEntries(
      Object.entries(parts).map(([key, part]) => [`comp-${key}`, part.component]),
    ),
    deploymentSpec: {
      executors: Object.fromEntries(
        Object.entries(parts).map(([key, part]) => [`exec-${key}`, part.executor]),
      ),
    },
    root: { dag: { tasks }, ...(inputs ? { inputDefinitions: { parameters: inputs } } : {}) },
  };
}

const task = (name, extra = {}) => ({ componentRef: { name: `comp-${name}` }, taskInfo: { name }, ...extra });
const shell = (script) => ['sh', '-c', script];

const TRAIN = `
def train(accuracy: float, metrics: Output[Metrics], classification: Output[ClassificationMetrics]):
    metrics.log_metric('accuracy', accuracy)
    metrics.log_metric('loss', round(1 - accuracy, 3))
    metrics.log_metric('f1', round(accuracy - 0.04, 3))
    classification.log_confusion_matrix(
        ['cat', 'dog', 'bird'],
        [[42, 3, 1], [4, int(accuracy * 42), 2], [0, 5, 30]])
    classification.log_roc_curve(
        [0.0, 0.05, 0.1, 0.2, 0.4, 1.0],
        [0.0, accuracy - 0.3, accuracy - 0.1, accuracy, 0.97, 1.0],
        [1.0, 0.9, 0.7, 0.5, 0.3, 0.0])
    print(f'trained: accuracy={accuracy}')
`;

/** prepare → train (metrics) and fetch (fails once, then succeeds) → report. `markerDir` holds fetch's first-failure marks. */
export function trainingSpec(markerDir) {
  const mark = `${markerDir}/fetch-{{$.pipeline_job_uuid}}`;
  return spec(
    'training-demo',
    'Prepare data, train a classifier and report: the run Skiff’s screenshots show.',
    {
      prepare: component('prepare', {
        command: shell('echo "preparing 1200 rows"; sleep 1; echo "split 80/20"'),
      }),
      fetch: component('fetch', {
        command: shell(
          `if [ -f "${mark}" ]; then echo "attempt 2: downloaded 3 shards"; else touch "${mark}"; echo "attempt 1: connection reset by peer" >&2; exit 1; fi`,
        ),
      }),
      train: component('train', {
        inputs: { accuracy: { parameterType: 'NUMBER_DOUBLE' } },
        outputArtifacts: { metrics: 'system.Metrics', classification: 'system.ClassificationMetrics' },
        ...kfpPython('train', TRAIN),
      }),
      report: component('report', { command: shell('echo "report written"') }),
    },
    {
      prepare: task('prepare'),
      fetch: task('fetch', {
        retryPolicy: { maxRetryCount: 2, backoffDuration: '1s', backoffFactor: 1 },
      }),
      train: task('train', {
        dependentTasks: ['prepare', 'fetch'],
        inputs: { parameters: { accuracy: { componentInputParameter: 'accuracy' } } },
      }),
      report: task('report', { dependentTasks: ['train'] }),
    },
    { accuracy: { parameterType: 'NUMBER_DOUBLE', defaultValue: 0.9, isOptional: true } },
  );
}

/** One task that exits 2 after saying why. */
export function failingSpec() {
  return spec(
    'failing-demo',
    'A run that fails, to show how a failure reads.',
    {
      validate: component('validate', {
        command: shell('echo "checking schema"; echo "column price is missing" >&2; exit 2'),
      }),
    },
    { validate: task('validate') },
  );
}
