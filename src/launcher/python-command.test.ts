import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { mayRunPython, parsePipInstalls, recognizePythonCommand } from './python-command.js';

const PRELUDE = (packages: string) =>
  '\nif ! [ -x "$(command -v pip)" ]; then\n    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip\nfi\n\n' +
  `PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location ${packages}` +
  `'kfp==2.14.6' '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<"3.9"' && "$0" "$@"\n`;
const SCRIPT =
  'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main                         --component_module_path                         "$program_path/ephemeral_component.py"                         "$@"\n';
const SOURCE = '\nfrom kfp import dsl\n\ndef add_numbers(a: int, b: int) -> int:\n    return a + b\n';
const ARGS = ['--executor_input', '{}', '--function_to_execute', 'add_numbers'];

describe('mayRunPython', () => {
  it('is true for a command line that names Python, pip or a .py file, or runs a shell script', () => {
    for (const argv of [
      ['python3', '-c', 'pass'],
      ['/usr/local/bin/python3.11', 'train.py'],
      ['sh', '-c', 'pip install x && echo done'],
      ['sh', '-c', 'echo hi && PYTHONPATH=. ./run'],
      ['./train', '--config', 'model.py'],
      ['bash', 'run.sh'],
      ['/bin/sh', 'scripts/train', '--fast'],
      ['sh', '-c', PRELUDE(''), 'sh', '-ec', SCRIPT, SOURCE, ...ARGS],
    ]) {
      expect(mayRunPython(argv), argv.join(' ')).toBe(true);
    }
  });

  it('is false for one that does neither, which then needs no interpreter looked up', () => {
    for (const argv of [
      ['true'],
      ['sh', '-c', 'echo done'],
      ['/bin/echo', 'hello'],
      ['bash', '-ec', 'exit 0'],
      [],
    ]) {
      expect(mayRunPython(argv), argv.join(' ')).toBe(false);
    }
  });
});

describe('recognizePythonCommand', () => {
  it('recognises a lightweight component with the pip prelude, and drops the kfp install', () => {
    const shape = recognizePythonCommand(['sh', '-c', PRELUDE(''), 'sh', '-ec', SCRIPT, SOURCE, ...ARGS]);
    expect(shape).toEqual({
      kind: 'lightweight',
      source: SOURCE,
      args: ARGS,
      packages: {
        requirements: [],
        options: [],
        kfp: ['kfp==2.14.6', 'typing-extensions>=3.7.4,<5; python_version<"3.9"'],
      },
    });
  });

  it('keeps the other packages_to_install of the prelude', () => {
    const prelude = PRELUDE("'nbclient>=0.10,<1' 'ipykernel>=6,<7'  &&  python3 -m pip install --quiet ");
    const shape = recognizePythonCommand(['sh', '-c', prelude, 'sh', '-ec', SCRIPT, SOURCE, ...ARGS]);
    expect(shape.kind).toBe('lightweight');
    if (shape.kind === 'lightweight')
      expect(shape.packages.requirements).toEqual(['nbclient>=0.10,<1', 'ipykernel>=6,<7']);
  });

  it('recognises a lightweight component compiled without the prelude (install_kfp_package=False)', () => {
    expect(recognizePythonCommand(['sh', '-ec', SCRIPT, SOURCE, ...ARGS])).toMatchObject({
      kind: 'lightweight',
      args: ARGS,
    });
  });

  it('recognises a containerized component and whether it names its module', () => {
    expect(recognizePythonCommand(['python3', '-m', 'kfp.dsl.executor_main', ...ARGS])).toEqual({
      kind: 'containerized',
      args: ARGS,
      hasModulePath: false,
    });
    expect(
      recognizePythonCommand([
        '/usr/bin/python3',
        '-u',
        '-m',
        'kfp.dsl.executor_main',
        '--component_module_path',
        'm.py',
      ]),
    ).toMatchObject({ kind: 'containerized', hasModulePath: true });
  });

  it('recognises a pip prelude in front of a plain python program (KFP v1-style components)', () => {
    const prelude =
      "(PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location 'xgboost==1.1.1' 'pandas==1.0.5' || PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location 'xgboost==1.1.1' 'pandas==1.0.5' --user) && \"$0\" \"$@\"";
    expect(
      recognizePythonCommand(['sh', '-c', prelude, 'python3', '-u', '-c', 'print(1)', '--data', 'x']),
    ).toEqual({
      kind: 'prelude',
      argv: ['python3', '-u', '-c', 'print(1)', '--data', 'x'],
      packages: { requirements: ['xgboost==1.1.1', 'pandas==1.0.5'], options: [], kfp: [] },
    });
  });

  it('leaves other commands alone', () => {
    expect(recognizePythonCommand(['sh', '-c', 'set -e -x\necho "$0"\n', 'hi'])).toEqual({ kind: 'other' });
    expect(recognizePythonCommand(['echo', 'hello'])).toEqual({ kind: 'other' });
    expect(recognizePythonCommand(['sh', '-ec', 'echo not the executor script', SOURCE])).toEqual({
      kind: 'other',
    });
  });
});

describe('pip prelude parsing', () => {
  it('keeps index options and drops KFP and typing-extensions', () => {
    const prelude =
      "PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location --index-url https://pypi.org/simple --trusted-host https://pypi.org/simple 'yapf'  &&  python3 -m pip install --quiet --no-warn-script-location --index-url https://pypi.org/simple --trusted-host https://pypi.org/simple 'kfp==2.14.6' '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<\"3.9\"' && \"$0\" \"$@\"\n";
    expect(parsePipInstalls(prelude)).toEqual({
      requirements: ['yapf'],
      options: ['--index-url', 'https://pypi.org/simple', '--trusted-host', 'https://pypi.org/simple'],
      kfp: ['kfp==2.14.6', 'typing-extensions>=3.7.4,<5; python_version<"3.9"'],
    });
  });
});

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/kfp-corpus/valid');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? corpusFiles(full) : name.endsWith('.yaml') ? [full] : [];
  });
}

describe.skipIf(!existsSync(corpus))(
  'recognizePythonCommand on the KFP corpus (skipped when ../shared/kfp-corpus is absent)',
  () => {
    const executors: { file: string; label: string; argv: string[] }[] = [];
    if (existsSync(corpus)) {
      for (const file of corpusFiles(corpus)) {
        const spec = parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS() as {
          deploymentSpec?: {
            executors?: Record<string, { container?: { command?: string[]; args?: string[] } }>;
          };
        };
        for (const [label, executor] of Object.entries(spec?.deploymentSpec?.executors ?? {})) {
          if (executor.container) {
            executors.push({
              file,
              label,
              argv: [...(executor.container.command ?? []), ...(executor.container.args ?? [])],
            });
          }
        }
      }
    }

    it('recognises every SDK lightweight component (an ephemeral_component.py script) as lightweight', () => {
      const lightweight = executors.filter((e) => e.argv.some((a) => a.includes('ephemeral_component.py')));
      expect(lightweight.length).toBeGreaterThan(100);
      for (const e of lightweight) {
        const shape = recognizePythonCommand(e.argv);
        expect(shape.kind, `${e.file} ${e.label}`).toBe('lightweight');
        if (shape.kind === 'lightweight') {
          expect(shape.args).toContain('--executor_input');
          for (const requirement of shape.packages.requirements) expect(requirement).not.toMatch(/^kfp==/);
        }
      }
    });

    it('finds the packages that corpus components install besides KFP', () => {
      const wanted = new Set<string>();
      for (const e of executors) {
        const shape = recognizePythonCommand(e.argv);
        if (shape.kind === 'lightweight' || shape.kind === 'prelude')
          for (const r of shape.packages.requirements) wanted.add(r);
      }
      expect([...wanted]).toEqual(
        expect.arrayContaining(['scikit-learn', 'datasets==4.0.0', 'yapf', 'xgboost==1.1.1']),
      );
    });

    it('recognises the containerized component, which names no module path', () => {
      const containerized = executors.filter((e) => recognizePythonCommand(e.argv).kind === 'containerized');
      expect(containerized.map((e) => path.basename(e.file))).toEqual([
        'containerized_python_component.yaml',
      ]);
    });
  },
);
