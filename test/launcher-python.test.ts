import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { AttemptRequest, AttemptRunner } from '../src/engine/ports.js';
import type { ContainerSpec } from '../src/ir/types.js';
import { fileUriToPath } from '../src/storage/uri.js';
import {
  corpus,
  datasetType,
  type LauncherHome,
  makeLauncherHome,
  type RequestOptions,
  repo,
  runtimeReady,
} from './launcher-fixture.js';
import { makeTinyIndex } from './support/tiny-wheels.js';

let fixture: LauncherHome;
let launcher: AttemptRunner;
const request = (options: RequestOptions): AttemptRequest => fixture.request(options);

beforeAll(async () => {
  fixture = await makeLauncherHome();
  launcher = fixture.launcher;
});
afterAll(async () => {
  await fixture.cleanup();
});

describe('launcher environment, Python resolution and limits', () => {
  it('resolves python3 in shell commands to the real interpreter, not a shim', async () => {
    const req = request({
      name: 'which-python',
      command: ['sh', '-c', 'python3 -c "import sys; print(sys.executable)"'],
    });
    expect((await launcher.run(req)).ok).toBe(true);
    const printed = readFileSync(launcher.liveLogPath(req.context), 'utf8').trim();
    expect(printed).not.toMatch(/shims/);
    expect(existsSync(printed)).toBe(true);
  });

  it('fails Python components with SKIFF_PYTHON_NOT_FOUND when the interpreter is missing, but runs shell ones', async () => {
    const noPython = fixture.launcherWith({
      python: { interpreter: 'no-such-python3', kfpRuntime: 'auto', runtimePath: path.join(repo, 'python') },
    });
    const python = await noPython.run(
      request({
        name: 'py',
        command: ['python3', '-m', 'kfp.dsl.executor_main', '--component_module_path', 'm.py'],
      }),
    );
    expect(python).toMatchObject({ ok: false, kind: 'SYSTEM' });
    expect(!python.ok && python.message).toMatch(/^SKIFF_PYTHON_NOT_FOUND: .*no-such-python3/);
    expect((await noPython.run(request({ name: 'sh', command: ['true'] }))).ok).toBe(true);
  });

  it('resolves the interpreter on warm-up, before any attempt, and not at all for pip mode', async () => {
    const asked: string[] = [];
    const python = (kfpRuntime: 'auto' | 'pip') => ({
      interpreter: 'python3',
      kfpRuntime,
      runtimePath: path.join(repo, 'python'),
      knownExecutable: async () => {
        asked.push(kfpRuntime);
        return process.execPath;
      },
    });
    fixture.launcherWith({ python: python('pip') }).warmUp();
    fixture.launcherWith({ python: python('auto') }).warmUp();
    expect(asked).toEqual(['auto']);
  });

  it('looks the interpreter up only for command lines that may run Python, and warms up only when asked to', async () => {
    let asked = 0;
    const counting = fixture.launcherWith({
      python: {
        interpreter: 'python3',
        kfpRuntime: 'auto',
        runtimePath: path.join(repo, 'python'),
        knownExecutable: async () => {
          asked++;
          return process.execPath;
        },
      },
    });
    counting.warmUp(false);
    expect((await counting.run(request({ name: 'plain', command: ['sh', '-c', 'echo done'] }))).ok).toBe(
      true,
    );
    expect((await counting.run(request({ name: 'true', command: ['true'] }))).ok).toBe(true);
    expect(asked).toBe(0);
    const which = request({ name: 'py', command: ['sh', '-c', 'command -v python3'] });
    expect((await counting.run(which)).ok).toBe(true);
    expect(asked).toBe(1);
    // The interpreter's links directory is first on PATH for it.
    expect(readFileSync(counting.liveLogPath(which.context), 'utf8')).toContain(
      `${path.sep}.python${path.sep}`,
    );
  });

  it('fails a component whose packages cannot be imported or installed with SKIFF_EXEC_NOT_LOCAL naming them', async () => {
    const prelude =
      'PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location --index-url http://127.0.0.1:9/simple \'skiff-no-such-package==1.0\' && "$0" "$@"';
    const outcome = await launcher.run(
      request({ name: 'needs-pkg', command: ['sh', '-c', prelude, 'python3', '-c', 'print(1)'] }),
    );
    expect(outcome).toMatchObject({ ok: false, kind: 'USER' });
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: .*"skiff-no-such-package==1.0"/);
  });

  /**
   * Run `python3 -c` after a prelude installing `skiffpin==version` from a tiny index; answers the
   * last line it printed: the version it imported and `sys.prefix`.
   */
  async function runPinned(runner: AttemptRunner, name: string, prelude: (url: string) => string) {
    const index = makeTinyIndex(path.join(fixture.home, `index-${name}`), ['skiffpin==1.0', 'skiffpin==2.0']);
    const script = 'import skiffpin, sys; print(skiffpin.__version__, sys.prefix)';
    const req = request({ name, command: ['sh', '-c', prelude(index.url), 'python3', '-c', script] });
    const outcome = await runner.run(req);
    expect(outcome.ok, !outcome.ok ? outcome.message : '').toBe(true);
    return readFileSync(runner.liveLogPath(req.context), 'utf8').trim().split('\n').at(-1);
  }
  const inEnv = (version: string) =>
    new RegExp(`^${version.replace('.', '\\.')} ${path.join(fixture.home, 'envs')}/[0-9a-f]{20}$`);

  it('runs a prelude component in an environment of its own under the home, with its pin', async () => {
    const printed = await runPinned(
      launcher,
      'has-pkg',
      (url) => `python3 -m pip install --quiet --index-url ${url} 'skiffpin==2.0' 'kfp==2.14.6' && "$0" "$@"`,
    );
    expect(printed).toMatch(inEnv('2.0'));
  });

  it('runs a prelude as written with kfpRuntime pip, its pip installing into an environment that has the packages already', async () => {
    const asWritten = fixture.launcherWith({
      python: { interpreter: 'python3', kfpRuntime: 'pip', runtimePath: path.join(repo, 'python') },
    });
    const printed = await runPinned(
      asWritten,
      'pip-mode',
      (url) => `python3 -m pip install --quiet --index-url ${url} 'skiffpin==1.0' && "$0" "$@"`,
    );
    expect(printed).toMatch(inEnv('1.0'));
  });

  it('times out an attempt that runs past the launcher time limit', async () => {
    const limited = fixture.launcherWith({ timeoutMs: 150 });
    const outcome = await limited.run(request({ name: 'slow', command: ['sleep', '10'] }));
    expect(outcome).toMatchObject({ ok: false, kind: 'TIMEOUT' });
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_EXEC_TIMEOUT: /);
  });

  it('fails a task needing a Kubernetes secret as SKIFF_EXEC_NOT_LOCAL before starting it', async () => {
    const req = request({ name: 'secret', command: ['sh', '-c', 'echo started'] });
    const outcome = await launcher.run({
      ...req,
      kubernetes: {
        secretAsEnv: [
          { secretName: 'test-secret-1', keyToEnv: [{ secretKey: 'username', envVar: 'USER_NAME' }] },
        ],
      },
    });
    expect(!outcome.ok && outcome.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: /);
    expect(readFileSync(launcher.liveLogPath(req.context), 'utf8')).not.toContain('started');
  });
});

function corpusContainer(file: string, label: string): ContainerSpec {
  const spec = parseAllDocuments(readFileSync(path.join(corpus, file), 'utf8'))[0]?.toJS() as {
    deploymentSpec: {
      executors: Record<string, { container: { image: string; command?: string[]; args?: string[] } }>;
    };
  };
  const container = spec.deploymentSpec.executors[label]!.container;
  return {
    kind: 'container',
    image: container.image,
    command: container.command ?? [],
    args: container.args ?? [],
    env: [],
  };
}

describe.skipIf(!existsSync(corpus) || !runtimeReady)(
  'launcher running Python components (needs ../shared/kfp-corpus and python/kfp)',
  () => {
    it('runs add_numbers with the bundled runtime and returns Output 3 as an integer', async () => {
      const base = request({
        name: 'add-numbers',
        command: [],
        inputs: {
          parameters: {
            a: { type: 'NUMBER_INTEGER', isOptional: false },
            b: { type: 'NUMBER_INTEGER', isOptional: false },
          },
          artifacts: {},
        },
        outputs: { parameters: { Output: { type: 'NUMBER_INTEGER', isOptional: false } }, artifacts: {} },
        values: { parameters: { a: 1, b: 2 } },
      });
      const outcome = await launcher.run({
        ...base,
        container: corpusContainer('critical/add_numbers.yaml', 'exec-add-numbers'),
      });
      if (!outcome.ok)
        throw new Error(`${outcome.message}\n${readFileSync(launcher.liveLogPath(base.context), 'utf8')}`);
      expect(outcome.outputs.parameters).toEqual({ Output: 3 });
      expect(Number.isInteger(outcome.outputs.parameters.Output)).toBe(true);
    });

    it('runs an inline Python component writing an Output[Dataset] artifact with metadata', async () => {
      const source = [
        'from kfp import dsl',
        'from kfp.dsl import *',
        'def make(text: str, data: Output[Dataset]):',
        "    with open(data.path, 'w') as f:",
        '        f.write(text)',
        "    data.metadata['length'] = len(text)",
      ].join('\n');
      const script =
        'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main                         --component_module_path                         "$program_path/ephemeral_component.py"                         "$@"\n';
      const outcome = await launcher.run(
        request({
          name: 'make',
          command: ['sh', '-ec', script, source],
          args: ['--executor_input', '{{$}}', '--function_to_execute', 'make'],
          inputs: { parameters: { text: { type: 'STRING', isOptional: false } }, artifacts: {} },
          outputs: {
            parameters: {},
            artifacts: { data: { type: datasetType, isArtifactList: false, isOptional: false } },
          },
          values: { parameters: { text: 'abc' } },
        }),
      );
      if (!outcome.ok) throw new Error(outcome.message);
      const [data] = outcome.outputs.artifacts.data ?? [];
      expect(data?.metadata).toEqual({ length: 3 });
      expect(readFileSync(fileUriToPath(data!.uri), 'utf8')).toBe('abc');
    });
  },
);
