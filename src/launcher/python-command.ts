import path from 'node:path';
import type { PipelineSpec } from '../ir/types.js';

/** Requirements a KFP pip prelude installs, minus KFP itself (the bundled runtime replaces it). */
export interface PipPackages {
  /** Requirement specifiers as written, e.g. `scikit-learn`, `'pandas==1.0.5'` unquoted. */
  readonly requirements: readonly string[];
  /** pip options that matter for finding them (`--index-url URL`, `--trusted-host H`, `--extra-index-url URL`). */
  readonly options: readonly string[];
  /** The KFP packages the prelude installs (`kfp==2.14.3`, ...), left out of `requirements`. */
  readonly kfp: readonly string[];
}

/** What a container command is, as far as running Python components locally is concerned. */
export type PythonCommandShape =
  /** Not a Python component shape: run as written. */
  | { readonly kind: 'other' }
  /** A KFP lightweight component: its source and the executor_main args (run the interpreter directly). */
  | {
      readonly kind: 'lightweight';
      readonly source: string;
      readonly args: readonly string[];
      readonly packages: PipPackages;
    }
  /** A pip prelude in front of some other program: run `argv` after installing what is missing. */
  | { readonly kind: 'prelude'; readonly argv: readonly string[]; readonly packages: PipPackages }
  /** `python3 -m kfp.dsl.executor_main ...` called directly (a containerized component). */
  | { readonly kind: 'containerized'; readonly args: readonly string[]; readonly hasModulePath: boolean };

const NO_PACKAGES: PipPackages = { requirements: [], options: [], kfp: [] };

/** Words that make a command line one that may run Python: `python3`, `pip`, a `.py` file. */
const NAMES_PYTHON = /python|pip|\.py\b/i;
/** Shells that run a script file given as their first operand (the script may run Python). */
const SHELLS = /^(?:sh|bash|dash|ksh|zsh)$/;

/**
 * True when a command line may run Python: it names Python, pip or a `.py` file anywhere
 * (`python3 train.py`, `sh -c 'pip install x && ...'`), or a shell runs a script file. One that
 * does neither (`true`, `sh -c 'echo done'`) runs as written, without looking up an interpreter.
 */
export function mayRunPython(argv: readonly string[]): boolean {
  if (argv.some((arg) => NAMES_PYTHON.test(arg))) return true;
  const [command, first] = argv;
  return (
    command !== undefined &&
    SHELLS.test(path.basename(command)) &&
    first !== undefined &&
    !first.startsWith('-')
  );
}

/** True when some container of `spec` may run Python (see `mayRunPython`; placeholders as written). */
export function pipelineMayRunPython(spec: PipelineSpec): boolean {
  for (const executor of Object.values(spec.executors)) {
    if (executor.kind === 'container' && mayRunPython([...executor.command, ...executor.args])) return true;
  }
  return false;
}

const EXECUTOR_SCRIPT =
  /^\s*program_path=\$\(mktemp -d\)\s+printf "%s" "\$0" > "\$program_path\/ephemeral_component\.py"\s+(?:_KFP_RUNTIME=true\s+)?python3 -m kfp\.(?:dsl|components)\.executor_main\s+--component_module_path\s+"\$program_path\/ephemeral_component\.py"\s+"\$@"\s*$/;

const PRELUDE_TAIL = /&&\s*"\$0"\s+"\$@"\s*$/;

/** Packages the bundled runtime provides (never pip-installed). */
const PROVIDED = new Set(['kfp', 'kfp-pipeline-spec', 'kfp-server-api', 'typing-extensions']);

/**
 * Recognise the command shapes the KFP SDK emits for Python components: `sh -c '<pip prelude> &&
 * "$0" "$@"' sh -ec '<executor_main script>' <source> <args>`, the same without the prelude
 * (`install_kfp_package=False`), and `python3 -m kfp.dsl.executor_main ...` (containerized).
 */
export function recognizePythonCommand(argv: readonly string[]): PythonCommandShape {
  let rest = argv;
  let packages = NO_PACKAGES;
  if (argv[0] === 'sh' && argv[1] === '-c' && argv.length >= 4 && isPipPrelude(argv[2]!)) {
    packages = parsePipInstalls(argv[2]!);
    rest = argv.slice(3);
  }
  if (rest[0] === 'sh' && rest[1] === '-ec' && rest.length >= 4 && EXECUTOR_SCRIPT.test(rest[2]!)) {
    return { kind: 'lightweight', source: rest[3]!, args: rest.slice(4), packages };
  }
  const moduleArgs = executorMainArgs(rest);
  if (moduleArgs !== null && packages === NO_PACKAGES) {
    return {
      kind: 'containerized',
      args: moduleArgs,
      hasModulePath: moduleArgs.includes('--component_module_path'),
    };
  }
  return packages === NO_PACKAGES ? { kind: 'other' } : { kind: 'prelude', argv: rest, packages };
}

function isPipPrelude(script: string): boolean {
  return PRELUDE_TAIL.test(script) && /\bpip install\b/.test(script);
}

function executorMainArgs(argv: readonly string[]): readonly string[] | null {
  if (!/(^|\/)python(3(\.\d+)?)?$/.test(argv[0] ?? '')) return null;
  const moduleAt = argv.indexOf('-m');
  if (moduleAt < 0 || !/^kfp\.(dsl|components)\.executor_main$/.test(argv[moduleAt + 1] ?? '')) return null;
  return argv.slice(moduleAt + 2);
}

const VALUE_OPTIONS = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '--trusted-host',
  '-f',
  '--find-links',
]);

/** The requirements and index options of every `pip install` in a prelude, without KFP's own. */
export function parsePipInstalls(script: string): PipPackages {
  const requirements: string[] = [];
  const options: string[] = [];
  const kfp: string[] = [];
  const tokens = shellTokens(script);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'pip' || tokens[i + 1] !== 'install') continue;
    for (i += 2; i < tokens.length && !isOperator(tokens[i]!); i++) {
      const token = tokens[i]!;
      if (VALUE_OPTIONS.has(token)) {
        const value = tokens[i + 1];
        if (value !== undefined && !hasOption(options, token, value)) options.push(token, value);
        i++;
      } else if (!token.startsWith('-')) {
        const list = PROVIDED.has(requirementName(token)) ? kfp : requirements;
        if (!list.includes(token)) list.push(token);
      }
    }
  }
  return { requirements, options, kfp };
}

/** The normalised distribution name of a requirement: `Scikit_Learn>=1; python_version<"3"` → `scikit-learn`. */
export function requirementName(requirement: string): string {
  const name = requirement.split(/[<>=!~;[\s@]/)[0] ?? '';
  return name.trim().toLowerCase().replace(/[_.]+/g, '-');
}

function hasOption(options: readonly string[], name: string, value: string): boolean {
  for (let i = 0; i + 1 < options.length; i += 2)
    if (options[i] === name && options[i + 1] === value) return true;
  return false;
}

function isOperator(token: string): boolean {
  return (
    token === '&&' || token === '||' || token === ';' || token === ')' || token === '(' || token === '\n'
  );
}

/** Split shell text into words (quotes removed) and operators; enough for KFP's preludes. */
function shellTokens(text: string): string[] {
  const tokens: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      const stop = end < 0 ? text.length : end;
      word = (word ?? '') + text.slice(i + 1, stop);
      i = stop;
    } else if (ch === '\\' && text[i + 1] === '\n') {
      i++;
    } else if (/\s/.test(ch) || '&|;()'.includes(ch)) {
      if (word !== null) tokens.push(word);
      word = null;
      if (ch === '\n') tokens.push('\n');
      else if ((ch === '&' || ch === '|') && text[i + 1] === ch) {
        tokens.push(ch + ch);
        i++;
      } else if (';()'.includes(ch)) tokens.push(ch);
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) tokens.push(word);
  return tokens;
}
