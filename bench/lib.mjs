// Shared helpers for benchmarks: generate KFP IR documents and run the built CLI.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kfpPython } from '../test/support/kfp-python.mjs';

export const REPO = fileURLToPath(new URL('..', import.meta.url));

/** A fresh temp directory. */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write `doc` as JSON into `dir/name` and return the path. */
export function writeSpec(dir, name, doc) {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

/** IR with `count` independent tasks of one component running `command`. */
export function independentTasks(name, count, command) {
  const tasks = {};
  for (let i = 0; i < count; i++) {
    tasks[`t-${i}`] = {
      componentRef: { name: 'comp-noop' },
      taskInfo: { name: `t-${i}` },
      inputs: { parameters: { i: { runtimeValue: { constant: i } } } },
    };
  }
  return {
    pipelineInfo: { name },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: {
      'comp-noop': {
        executorLabel: 'exec-noop',
        inputDefinitions: { parameters: { i: { parameterType: 'NUMBER_INTEGER' } } },
      },
    },
    deploymentSpec: { executors: { 'exec-noop': { container: { image: 'alpine', command } } } },
    root: { dag: { tasks } },
  };
}

/** The KFP SDK's command for a lightweight Python function component (no pip prelude). */
export function pythonFunctionCommand(fn, source) {
  return kfpPython(fn, source);
}

/** Run a command; resolves to { code, stdout, stderr, ms }. */
export function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Spawn `count` processes of `cmd args`, at most `parallel` at once; resolves to the wall time in ms. */
export async function spawnMany(count, parallel, cmd, args) {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', resolve);
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return performance.now() - started;
}

/**
 * `run` of `cmd args` through bench/tree-cpu.py with the interpreter `python`; resolves to what
 * `run` does (`ms` the command's own wall time, the wrapper's start-up left out) plus `cpuMs`: user
 * + system CPU time of the whole process tree (helpers and the processes they started included),
 * which machine load inflates far less than wall time.
 */
export async function runWithTreeCpu(python, cmd, args, env = {}) {
  const r = await run(python, ['-I', '-S', join(REPO, 'bench', 'tree-cpu.py'), cmd, ...args], env);
  const found = /\nTREE_CPU_MS ([\d.]+) WALL_MS ([\d.]+)\n$/.exec(r.stderr);
  if (!found)
    throw new Error(`${cmd} ${args.join(' ')}: no CPU figure (${r.code}): ${r.stderr.slice(-2000)}`);
  return { ...r, stderr: r.stderr.slice(0, found.index), cpuMs: Number(found[1]), ms: Number(found[2]) };
}

/** Run the built CLI (`node bin/skiff.js ARGS`) with SKIFF_HOME=home. */
export function skiff(args, home) {
  return run(process.execPath, [join(REPO, 'bin', 'skiff.js'), ...args], { SKIFF_HOME: home });
}

/** Machine line for BENCHMARKS.md. */
export async function machine() {
  const os = await import('node:os');
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * Start `skiff server --port 0` as its own process (so the benchmark's client does not share its
 * CPU time) with SKIFF_HOME=home and `env`; resolves to { url, stop() } once it listens.
 */
export function startSkiffServer(home, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'skiff.js'), 'server', '--port', '0'], {
      env: { ...process.env, SKIFF_HOME: home, SKIFF_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // A script that fails before it stops the server must not leave the server running.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.on('close', () => process.off('exit', killOnExit));
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        resolve({
          url: match[1],
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              child.on('close', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`skiff server exited ${code}: ${stderr}`)));
  });
}

/** The real Python interpreter behind `python3` (no pyenv shim in between), as the spawner uses it. */
export async function realPython() {
  const r = await run('python3', ['-c', 'import sys; print(sys.executable)']);
  if (r.code !== 0) throw new Error(`python3 cannot run: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * The bare baseline: `count` processes of `cmd args` started by a Python `posix_spawn` loop
 * (bench/posix-spawn-loop.py), at most `parallel` at once (1: a chain, each waited before the next).
 * Resolves to { wallMs (the whole Python process, start-up included), loopMs (first spawn to last exit),
 * cpuMs (user + system CPU of the loop and its processes) }.
 */
export async function posixSpawnLoop(python, count, parallel, cmd, args = []) {
  const script = join(REPO, 'bench', 'posix-spawn-loop.py');
  const loop = ['-I', '-S', script, String(count), String(parallel), cmd, ...args];
  const r = await runWithTreeCpu(python, python, loop);
  if (r.code !== 0) throw new Error(`posix-spawn-loop failed (${r.code}): ${r.stderr}`);
  return { wallMs: r.ms, loopMs: JSON.parse(r.stdout).loopMs, cpuMs: r.cpuMs };
}

/**
 * IR of a chain of `count` tasks of one component: with `feed` (an input name), each task takes the
 * previous one's `Output` parameter as that input (the first gets `first`); otherwise each just
 * depends on the previous one.
 */
export function chainTasks(name, count, component, executor, feed, first = 0) {
  const tasks = {};
  for (let i = 0; i < count; i++) {
    const previous = `t-${i - 1}`;
    const value =
      i === 0
        ? { runtimeValue: { constant: first } }
        : { taskOutputParameter: { producerTask: previous, outputParameterKey: 'Output' } };
    tasks[`t-${i}`] = {
      componentRef: { name: 'comp-step' },
      taskInfo: { name: `t-${i}` },
      ...(i > 0 ? { dependentTasks: [previous] } : {}),
      ...(feed ? { inputs: { parameters: { [feed]: value } } } : {}),
    };
  }
  return {
    pipelineInfo: { name },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: { 'comp-step': { executorLabel: 'exec-step', ...component } },
    deploymentSpec: { executors: { 'exec-step': { container: { image: 'python:3.11', ...executor } } } },
    root: { dag: { tasks } },
  };
}

/**
 * Imports a TypeScript module of test/support/ shared with the tests (`name` without extension):
 * bundled once into dist/bench/NAME.mjs (as deep in the tree as test/support/, so paths it derives from
 * its own location, such as ../shared beside the repository, still hold), its packages left external.
 */
export async function importTestSupport(name) {
  const { build } = await import('esbuild');
  const outfile = join(REPO, 'dist', 'bench', `${name}.mjs`);
  await build({
    entryPoints: [join(REPO, 'test', 'support', `${name}.ts`)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  // Plain modules the support code starts by path next to itself (the browser's network namespace relay).
  const support = join(REPO, 'test', 'support');
  for (const file of readdirSync(support)) {
    if (file.endsWith('.mjs')) copyFileSync(join(support, file), join(REPO, 'dist', 'bench', file));
  }
  return import(outfile);
}

/**
 * Writes `dir/cpu.mjs`, a module that, preloaded with `node --import`, writes the process's user +
 * system CPU time (process.resourceUsage, µs) to stderr at exit as a line `CPU_US <n>`; returns its path.
 */
export function writeCpuProbe(dir) {
  const probe = join(dir, 'cpu.mjs');
  writeFileSync(
    probe,
    [
      "import { writeSync } from 'node:fs';",
      "process.on('exit', () => { const u = process.resourceUsage(); writeSync(2, '\\nCPU_US ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });",
    ].join('\n'),
  );
  return probe;
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
