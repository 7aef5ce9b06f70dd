import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  corpusComponent,
  corpusComponents,
  corpusPresent,
  corpusSkipReason,
  importFailures,
} from './fixtures/python/corpus-components.js';
import {
  componentSource,
  removeTaskDirs,
  resolvePython,
  runComponent,
  runKfpShellCommand,
  runtimeDir,
  TaskDir,
  type TaskIo,
} from './fixtures/python/kfp-runtime-harness.js';

const python = resolvePython();
afterAll(removeTaskDirs);

/** Runs `body`'s function `fn` in a fresh task directory and expects it to succeed. */
function run(body: string, fn: string, io: TaskIo = {}, task = new TaskDir()) {
  const result = runComponent(python!, task, componentSource(body), fn, io);
  expect(result.status, result.stderr).toBe(0);
  return { ...result, task, output: result.output! };
}

describe.skipIf(!python)('bundled kfp runtime: python3 -m kfp.dsl.executor_main', () => {
  it('passes each parameter with its JSON type and writes the return value as parameter "Output"', () => {
    const { output } = run(
      `
      def echo(i: int, f: float, b: bool, s: str, xs: List[int], d: Dict[str, int]) -> dict:
          return {n: [type(v).__name__, v] for n, v in [('i', i), ('f', f), ('b', b), ('s', s), ('xs', xs), ('d', d)]}
      `,
      'echo',
      {
        parameters: { i: 3, f: 2.5, b: true, s: 'hi', xs: [1, 2], d: { k: 1 } },
        outputParameters: ['Output'],
      },
    );
    expect(output.parameterValues?.Output).toEqual({
      i: ['int', 3],
      f: ['float', 2.5],
      b: ['bool', true],
      s: ['str', 'hi'],
      xs: ['list', [1, 2]],
      d: ['dict', { k: 1 }],
    });
  });

  it.each([
    ['int', '7', 7],
    ['float', '2', 2],
    ['bool', 'False', false],
    ['str', "'x'", 'x'],
    ['List[Dict[str, int]]', "[{'a': 1}]", [{ a: 1 }]],
    ['list', '[1, "b"]', [1, 'b']],
  ])('returns a %s as a JSON value in executor_output parameterValues', (annotation, expression, expected) => {
    const { output } = run(`def f() -> ${annotation}:\n    return ${expression}\n`, 'f');
    expect(output.parameterValues).toEqual({ Output: expected });
  });

  it('uses defaults for parameters the executor input omits and None for Optional ones', () => {
    const { output } = run(
      `
      def f(a: str, b: int = 5, c: Optional[str] = None) -> str:
          return f'{a}-{b}-{c}'
      `,
      'f',
      { parameters: { a: 'x' } },
    );
    expect(output.parameterValues?.Output).toBe('x-5-None');
  });

  it('fails when the return value does not match the return annotation', () => {
    const result = runComponent(
      python!,
      new TaskDir(),
      componentSource('def f() -> str:\n    return 3\n'),
      'f',
      {},
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "Function `f` returned value of type <class 'int'>; want type <class 'str'>",
    );
  });

  it('splits a NamedTuple return into one output per field, writing artifact fields to their paths', () => {
    const { output, task } = run(
      `
      def f() -> NamedTuple('Outputs', [('scalar', str), ('count', int), ('model', Model)]):
          from collections import namedtuple
          return namedtuple('Outputs', ['scalar', 'count', 'model'])('123', 4, 'model text')
      `,
      'f',
      { outputArtifacts: { model: 'system.Model' } },
    );
    expect(output.parameterValues).toEqual({ scalar: '123', count: 4 });
    expect(readFileSync(task.outputPath('model'), 'utf8')).toBe('model text');
  });

  it('hands Output[Dataset] a writable path (parents created) and reports its metadata', () => {
    const { output, task } = run(
      `
      def f(content: str, out_data: Output[Dataset]):
          with open(out_data.path, 'w') as f:
              f.write(content)
          out_data.metadata['rows'] = 1
      `,
      'f',
      { parameters: { content: 'a,b' }, outputArtifacts: { out_data: 'system.Dataset' } },
    );
    expect(readFileSync(task.outputPath('out_data'), 'utf8')).toBe('a,b');
    const [artifact] = output.artifacts?.out_data?.artifacts ?? [];
    expect(artifact).toMatchObject({ name: 'out_data', metadata: { rows: 1 } });
    expect(artifact?.uri).toMatch(/^file:\/\/.*\/outputs\/out_data$/);
  });

  it('maps percent-encoded file:// URIs to local paths', () => {
    const { task } = run("def f(out: Output[Artifact]):\n    open(out.path, 'w').write('x')\n", 'f', {
      outputArtifacts: { out: 'system.Artifact' },
    });
    expect(readFileSync(task.outputPath('out'), 'utf8')).toBe('x');
    const spaced = new TaskDir();
    const input = spaced.stageInput('my data.txt', 'spaced');
    expect(input.uri).toContain('my%20data.txt');
    const { output } = run('def f(d: Input[Dataset]) -> str:\n    return open(d.path).read()\n', 'f', {
      inputArtifacts: { d: [input] },
    });
    expect(output.parameterValues?.Output).toBe('spaced');
  });

  it('reads Input[Dataset], dsl.Input[dsl.Dataset] and bare Dataset inputs with their name and metadata', () => {
    const task = new TaskDir();
    const staged = task.stageInput('data', 'hello', 'system.Dataset', { length: 5 });
    const { output } = run(
      `
      def f(a: Input[Dataset], b: dsl.Input[dsl.Dataset], c: Dataset) -> list:
          return [type(a).__name__, open(a.path).read(), a.name, a.metadata['length'], b.path == c.path]
      `,
      'f',
      { inputArtifacts: { a: [staged], b: [staged], c: [staged] } },
      task,
    );
    expect(output.parameterValues?.Output).toEqual(['Dataset', 'hello', 'data', 5, true]);
  });

  it('passes collected artifacts as lists to List[Dataset] and Input[List[Dataset]]', () => {
    const task = new TaskDir();
    const list = [task.stageInput('one', '1'), task.stageInput('two', '2')];
    const { output } = run(
      `
      def f(xs: List[Dataset], ys: Input[List[Dataset]]) -> str:
          return ''.join(open(x.path).read() for x in xs + ys)
      `,
      'f',
      { inputArtifacts: { xs: list, ys: list } },
      task,
    );
    expect(output.parameterValues?.Output).toBe('1212');
  });

  it('records Metrics.log_metric values as the output artifact metadata', () => {
    const { output } = run(
      "def f(m: Output[Metrics]):\n    m.log_metric('accuracy', 0.9)\n    m.log_metric('count', 3)\n",
      'f',
      { outputArtifacts: { m: 'system.Metrics' } },
    );
    expect(output.artifacts?.m?.artifacts[0]?.metadata).toEqual({ accuracy: 0.9, count: 3 });
  });

  it('records ClassificationMetrics ROC points and confusion matrix in KFP metadata form', () => {
    const { output } = run(
      `
      def f(m: Output[ClassificationMetrics]):
          m.log_roc_curve(fpr=[0.0, 0.5], tpr=[0.1, 0.9], threshold=[1.0, 0.2])
          m.log_confusion_matrix(['cat', 'dog'], [[5, 1], [2, 7]])
          m.log_confusion_matrix_cell('cat', 'dog', 3)
      `,
      'f',
      { outputArtifacts: { m: 'system.ClassificationMetrics' } },
    );
    expect(output.artifacts?.m?.artifacts[0]?.metadata).toEqual({
      confidenceMetrics: [
        { confidenceThreshold: 1.0, recall: 0.1, falsePositiveRate: 0.0 },
        { confidenceThreshold: 0.2, recall: 0.9, falsePositiveRate: 0.5 },
      ],
      confusionMatrix: {
        annotationSpecs: [{ displayName: 'cat' }, { displayName: 'dog' }],
        rows: [{ row: [5, 3] }, { row: [2, 7] }],
      },
    });
  });

  it('gives InputPath the input file and OutputPath the parameter or artifact file to write', () => {
    const task = new TaskDir();
    const { output } = run(
      `
      def f(src: InputPath('Dataset'), msg: OutputPath(str), copy: OutputPath('Dataset')):
          data = open(src).read()
          open(msg, 'w').write('read ' + data)
          open(copy, 'w').write(data.upper())
      `,
      'f',
      {
        inputArtifacts: { src: [task.stageInput('src', 'abc')] },
        outputParameters: ['msg'],
        outputArtifacts: { copy: 'system.Dataset' },
      },
      task,
    );
    expect(readFileSync(task.outputPath('msg'), 'utf8')).toBe('read abc');
    expect(readFileSync(task.outputPath('copy'), 'utf8')).toBe('ABC');
    expect(output.parameterValues).toBeUndefined();
  });

  it('reports a returned artifact (dsl.get_uri under the task root) in place of the declared output', () => {
    const { output, task } = run(
      `
      def f() -> Dataset:
          d = Dataset(uri=dsl.get_uri('data'), metadata={'length': 2})
          open(d.path, 'w').write('hi')
          return d
      `,
      'f',
      { outputArtifacts: { Output: 'system.Dataset' } },
    );
    const [artifact] = output.artifacts?.Output?.artifacts ?? [];
    expect(artifact?.metadata).toEqual({ length: 2 });
    expect(fileURLToPath(artifact!.uri)).toBe(join(dirname(task.outputFile), 'data'));
    expect(readFileSync(fileURLToPath(artifact!.uri), 'utf8')).toBe('hi');
  });

  it('writes str(value) to the artifact path when a -> Dataset function returns plain data', () => {
    const { task } = run('def f() -> Dataset:\n    return 42\n', 'f', {
      outputArtifacts: { Output: 'system.Dataset' },
    });
    expect(readFileSync(task.outputPath('Output'), 'utf8')).toBe('42');
  });

  it('reports set_path() as custom_path so the launcher can find the content', () => {
    const task = new TaskDir();
    const custom = join(task.root, 'elsewhere.txt');
    const { output } = run(
      `def f(o: Output[Dataset]):\n    o.set_path(${JSON.stringify(custom)})\n    open(o.path, 'w').write('x')\n`,
      'f',
      { outputArtifacts: { o: 'system.Dataset' } },
      task,
    );
    expect(output.artifacts?.o?.artifacts[0]?.custom_path).toBe(custom);
    expect(readFileSync(custom, 'utf8')).toBe('x');
  });

  it('builds PipelineTaskFinalStatus from the struct the engine passes to exit tasks', () => {
    const status = {
      state: 'FAILED',
      pipelineJobResourceName: 'runs/r1',
      pipelineTaskName: 'exit-handler-1',
      error: { code: 9, message: 'boom' },
    };
    const { output } = run(
      `
      def f(status: PipelineTaskFinalStatus) -> list:
          return [status.state, status.pipeline_job_resource_name, status.pipeline_task_name,
                  status.error_code, status.error_message]
      `,
      'f',
      { parameters: { status } },
    );
    expect(output.parameterValues?.Output).toEqual(['FAILED', 'runs/r1', 'exit-handler-1', 9, 'boom']);
  });

  it('fails a PipelineTaskFinalStatus input that has no value, as KFP does (GH-12033)', () => {
    const source = componentSource('def f(status: dsl.PipelineTaskFinalStatus):\n    print(status)\n');
    const result = runComponent(python!, new TaskDir(), source, 'f', {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Input `status` is a PipelineTaskFinalStatus but got None');
  });

  it('exits non-zero with the traceback on stderr when the function raises, writing no output', () => {
    const result = runComponent(
      python!,
      new TaskDir(),
      componentSource("def f():\n    raise ValueError('intentional failure')\n"),
      'f',
      {},
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Traceback[\s\S]*ValueError: intentional failure/);
    expect(result.output).toBeUndefined();
  });

  it('runs a @dsl.component-decorated function and names the defined ones when the function is missing', () => {
    const body =
      "@dsl.component(base_image='python:3.11', packages_to_install=['x'])\ndef hello(n: int) -> int:\n    return n + 1\n";
    expect(run(body, 'hello', { parameters: { n: 1 } }).output.parameterValues).toEqual({ Output: 2 });
    const missing = runComponent(python!, new TaskDir(), componentSource(body), 'nope', {});
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('Function `nope` is not defined');
    expect(missing.stderr).toContain('hello');
  });

  it('gives EmbeddedInput the asset the module extracted at import time', () => {
    const task = new TaskDir();
    const asset = join(task.root, 'asset.txt');
    writeFileSync(asset, 'embedded');
    const { output } = run(
      `__KFP_EMBEDDED_ASSET_FILE = ${JSON.stringify(asset)}\ndef f(a: dsl.EmbeddedInput[dsl.Dataset]) -> str:\n    return open(a.path).read()\n`,
      'f',
      {},
      task,
    );
    expect(output.parameterValues?.Output).toBe('embedded');
  });

  it("runs KFP's own `sh -ec` command shape (pip prelude stripped)", () => {
    const task = new TaskDir();
    const source = componentSource('def add(a: int, b: int) -> int:\n    return a + b\n');
    const result = runKfpShellCommand(python!, task, source, 'add', { parameters: { a: 2, b: 3 } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.output?.parameterValues).toEqual({ Output: 5 });
  });

  it('starts quickly (prints the wall time of each executor run; no assertion on speed)', () => {
    const times = Array.from({ length: 5 }, () => run('def f() -> int:\n    return 1\n', 'f').elapsedMs);
    console.log(
      `[python-runtime] executor run wall times (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`,
    );
    expect(times).toHaveLength(5);
  });
});

describe.skipIf(!python || !corpusPresent)('bundled kfp runtime on KFP corpus components', () => {
  if (!python || !corpusPresent) return;

  it('imports every corpus component module (only non-stdlib packages may be missing)', () => {
    const components = corpusComponents();
    expect(components.length).toBeGreaterThan(100);
    expect(importFailures(python!, runtimeDir, new TaskDir().root, components)).toEqual({});
  });

  it('runs output_metrics.yaml and reports the logged metric', () => {
    const c = corpusComponent('output_metrics.yaml', 'exec-output-metrics');
    const result = runComponent(python!, new TaskDir(), c.source, c.functionName, {
      outputArtifacts: { metrics: 'system.Metrics' },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(Object.keys(result.output?.artifacts?.metrics?.artifacts[0]?.metadata ?? {})).toEqual([
      'accuracy',
    ]);
  });

  it('runs the pythonic dataset_splitter and returns both halves as artifacts', () => {
    const c = corpusComponent('pythonic_artifacts_with_multiple_returns.yaml', 'exec-dataset-splitter');
    const task = new TaskDir();
    const result = runComponent(python!, task, c.source, c.functionName, {
      inputArtifacts: { in_dataset: [task.stageInput('in_dataset', 'Hello, world')] },
      outputArtifacts: { dataset1: 'system.Dataset', dataset2: 'system.Dataset' },
    });
    expect(result.status, result.stderr).toBe(0);
    const halves = ['dataset1', 'dataset2'].map((n) => {
      const a = result.output?.artifacts?.[n]?.artifacts[0];
      expect(a?.metadata).toEqual({ original_data: 'in_dataset' });
      return readFileSync(fileURLToPath(a!.uri), 'utf8');
    });
    expect(halves).toEqual(['Hello,', ' world']);
  });

  it('runs the exit_op of pipeline_with_task_final_status.yaml with a FAILED status', () => {
    const c = corpusComponent('pipeline_with_task_final_status.yaml', 'exec-exit-op');
    const status = {
      state: 'FAILED',
      pipelineJobResourceName: 'r',
      pipelineTaskName: 'exit-handler-1',
      error: {},
    };
    const result = runComponent(python!, new TaskDir(), c.source, c.functionName, {
      parameters: { user_input: 'x', status },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Pipeline status:  FAILED');
    expect(result.output).toEqual({});
  });
});

describe.skipIf(!!python && corpusPresent)('bundled kfp runtime (skipped parts)', () => {
  it.skip(python ? corpusSkipReason : 'no python3 on PATH to run the bundled kfp runtime with', () => {});
});
