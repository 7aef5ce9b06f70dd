import { recognizePythonCommand } from '../../launcher/python-command.js';
import { POD_DIR } from './pod-plan.js';

/** The files the two containers of a task pod share, under the shared volume `dir` (POD_DIR in pods). */
export function podPaths(dir: string = POD_DIR) {
  return {
    /** The bundled KFP runtime, copied by the sidecar for the main container (`auto`). */
    runtime: `${dir}/runtime`,
    /** The script the main container runs, written by the sidecar once inputs are staged. */
    script: `${dir}/run.sh`,
    /** The attempt's log: the main container's stdout and stderr, appended by its wrapper. */
    log: `${dir}/attempt.log`,
    /** Made by the sidecar when the script is ready (or the attempt abandoned: see `abort`). */
    ready: `${dir}/.ready`,
    /** Made before `ready` when staging failed: the main container ends at once, running nothing. */
    abort: `${dir}/.abort`,
    /** Holds the main process's exit code once it ended. */
    exit: `${dir}/.exit`,
    /** Attempt directories, the workspace and the component module. */
    work: `${dir}/work`,
    /**
     * Written by the sidecar after a zero exit: the paths (one a line) of output artifacts kept outside
     * the shared volume (`custom_path`), which only the main container can read. Empty when none.
     */
    handover: `${dir}/.handover`,
    /** Where the main container copies those paths: `kept/<line number from 0>`. */
    kept: `${dir}/kept`,
    /** Made by the main container once it copied every path of `handover`. */
    handed: `${dir}/.handed`,
  } as const;
}

/** How long the main container waits for the sidecar's handover list after a zero exit (an older sidecar writes none). */
export const HANDOVER_WAIT_SECONDS = 30;

/**
 * The main container's command: wait for the sidecar, run the script with its output in the log,
 * record the exit code; after a zero exit, copy the output artifacts the sidecar names in `handover`
 * (content the component kept outside the shared volume, e.g. `set_path('/tmp/x')`) into `kept`;
 * then exit with the code. Needs `/bin/sh` in the component's image.
 */
export function mainWrapper(dir: string = POD_DIR): string[] {
  const paths = podPaths(dir);
  const polls = HANDOVER_WAIT_SECONDS * 20;
  const script = [
    `while [ ! -e ${paths.ready} ]; do sleep 0.05; done`,
    `if [ -e ${paths.abort} ]; then exit 0; fi`,
    `/bin/sh ${paths.script} >>${paths.log} 2>&1`,
    'code=$?',
    `echo "$code" >${paths.exit}.tmp && mv ${paths.exit}.tmp ${paths.exit}`,
    'if [ "$code" = 0 ]; then',
    `  n=0; while [ ! -e ${paths.handover} ] && [ "$n" -lt ${polls} ]; do sleep 0.05; n=$((n+1)); done`,
    `  if [ -e ${paths.handover} ]; then`,
    '    i=0',
    `    while IFS= read -r kept; do if [ -e "$kept" ]; then mkdir -p ${paths.kept} && cp -R "$kept" ${paths.kept}/$i; fi; i=$((i+1)); done <${paths.handover}`,
    `    : >${paths.handed}.tmp && mv ${paths.handed}.tmp ${paths.handed}`,
    '  fi',
    'fi',
    'exit "$code"',
  ].join('\n');
  return ['/bin/sh', '-c', script];
}

/** What the main container runs for one attempt: a shell script, and the component module it may import. */
export interface PodScript {
  readonly script: string;
  /** `ephemeral_component.py` of a lightweight Python component (path and source). */
  readonly module?: { readonly path: string; readonly source: string };
}

/**
 * The script of an attempt from its resolved command line. Lightweight Python components run the
 * image's `python3` directly: with `auto` the bundled runtime (copied to `podPaths().runtime`) replaces
 * the `pip install kfp` of the prelude and other packages are installed into the image's own
 * interpreter first (the container is the attempt's own, as in KFP); `installed` uses the image's
 * kfp; `pip` and every other command run as written.
 */
export function podScript(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd: string,
  kfpRuntime: 'auto' | 'installed' | 'pip',
  runtimeDir: string = podPaths().runtime,
): PodScript {
  const lines = ['set -e', `cd ${quote(cwd)}`];
  for (const [name, value] of Object.entries(env)) lines.push(`export ${name}=${quote(value)}`);
  const shape = kfpRuntime === 'pip' ? ({ kind: 'other' } as const) : recognizePythonCommand(argv);
  const runtime =
    kfpRuntime === 'auto' ? [`export PYTHONPATH=${quote(runtimeDir)}\${PYTHONPATH:+:$PYTHONPATH}`] : [];
  switch (shape.kind) {
    case 'other':
    case 'containerized':
      lines.push(`exec ${argv.map(quote).join(' ')}`);
      return { script: lines.join('\n') };
    case 'prelude':
      lines.push(...pipInstall(shape.packages), ...runtime, `exec ${shape.argv.map(quote).join(' ')}`);
      return { script: lines.join('\n') };
    case 'lightweight': {
      const path = `${cwd}/ephemeral_component.py`;
      const run = ['python3', '-m', 'kfp.dsl.executor_main', '--component_module_path', path, ...shape.args];
      lines.push(...pipInstall(shape.packages), ...runtime);
      if (kfpRuntime === 'auto') lines.push('export _KFP_RUNTIME=true');
      lines.push(`exec ${run.map(quote).join(' ')}`);
      return { script: lines.join('\n'), module: { path, source: shape.source } };
    }
  }
}

function pipInstall(packages: {
  readonly requirements: readonly string[];
  readonly options: readonly string[];
}) {
  if (packages.requirements.length === 0) return [];
  const args = ['python3', '-m', 'pip', 'install', '--quiet', '--no-warn-script-location'];
  return [[...args, ...packages.options, ...packages.requirements].map(quote).join(' ')];
}

/** Quote one word for a POSIX shell. */
export function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
