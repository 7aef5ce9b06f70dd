import { existsSync } from 'node:fs';
import os from 'node:os';
import type { ProcessExecutor, ProcessResult, ProcessSpec } from '../../launcher/process-executor.js';
import { terminateWriters } from './lost-processes.js';
import { PythonForkServer } from './python-fork-server.js';
import { RememberedPython } from './remembered-python.js';
import { SpawnerClient } from './spawner-client.js';

/** Options of the local process executor. */
export interface LocalProcessExecutorOptions {
  /** Time between SIGTERM and SIGKILL when a process is canceled or times out. Default 2000 ms. */
  readonly killGraceMs?: number;
  /**
   * Run `python -m kfp.dsl.executor_main` attempts of the bundled runtime at this path (first on
   * PYTHONPATH) through a Python fork server; unset: every attempt starts a fresh process.
   */
  readonly pythonForkServer?: { readonly runtimePath: string };
  /**
   * Python interpreter for the posix_spawn helper (runtime/spawner.py), which starts processes
   * at about a third of Node's cost; unset, or when it cannot run, the Node helper starts them.
   */
  readonly spawnerPython?: string;
  /**
   * A file where the real interpreter `spawnerPython` led to is remembered between runs: later
   * helpers start on it directly, skipping what stands in between (a pyenv shim). Unset: not kept.
   */
  readonly spawnerPythonFile?: string;
}

/**
 * Runs each attempt as a local process in its own process group, with stdout and stderr written
 * straight to the log file descriptor (nothing is piped through Node). Processes are started by a
 * small helper process (runtime/spawner.py or runtime/spawner.mjs), so the cost of fork() does not grow with the
 * engine's memory; signals for cancel and timeout go straight to the process group from here.
 */
export class LocalProcessExecutor implements ProcessExecutor {
  private readonly killGraceMs: number;
  private readonly spawner: SpawnerClient;
  private readonly forkServers = new Map<string, PythonForkServer>();
  private readonly forkRuntimePath: string | undefined;
  /** True when the spawner helper runs on the configured interpreter (not on a remembered one). */
  private readonly spawnerOnConfigured: boolean;

  /** Create an executor; see {@link LocalProcessExecutorOptions}. */
  constructor(options: LocalProcessExecutorOptions = {}) {
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.forkRuntimePath = options.pythonForkServer?.runtimePath;
    const configured = options.spawnerPython;
    const remembered =
      configured === undefined || options.spawnerPythonFile === undefined
        ? undefined
        : new RememberedPython(options.spawnerPythonFile, configured);
    const known = remembered?.read();
    this.spawnerOnConfigured = known === undefined;
    this.spawner = new SpawnerClient(configured === undefined ? {} : { python: known ?? configured });
    if (remembered !== undefined) {
      void this.spawner.reportedExecutable().then((executable) => {
        if (executable !== undefined && executable !== known) remembered.write(executable);
        // The remembered interpreter could not run the helper: the next run starts on the configured one.
        else if (executable === undefined && known !== undefined) remembered.forget();
      });
    }
  }

  async run(spec: ProcessSpec): Promise<ProcessResult> {
    const server = this.forkServerFor(spec);
    const forked = server ? await server.run(spec) : undefined;
    return forked ?? this.spawn(spec);
  }

  /** The fork server for a bundled-runtime executor_main attempt, or undefined. */
  private forkServerFor(spec: ProcessSpec): PythonForkServer | undefined {
    const runtime = this.forkRuntimePath;
    if (runtime === undefined || !(spec.env.PYTHONPATH ?? '').split(':').includes(runtime)) return undefined;
    if (spec.args[0] !== '-m' || spec.args[1] !== 'kfp.dsl.executor_main') return undefined;
    let server = this.forkServers.get(spec.command);
    if (!server) {
      server = new PythonForkServer(spec.command, spec.env, this.killGraceMs);
      this.forkServers.set(spec.command, server);
    }
    return server.accepts(spec) ? server : undefined;
  }

  private spawn(spec: ProcessSpec): Promise<ProcessResult> {
    if (spec.signal.aborted) return Promise.resolve({ kind: 'canceled' });
    return new Promise((resolve) => {
      let ending: 'timeout' | 'canceled' | null = null;
      let killTimer: NodeJS.Timeout | undefined;
      // The spawner signals the process group of a running request (requests are handled in order,
      // so a kill never overtakes its run).
      const terminate = (why: 'timeout' | 'canceled') => {
        if (ending !== null) return;
        ending = why;
        this.spawner.kill(id, 'SIGTERM');
        killTimer = setTimeout(() => this.spawner.kill(id, 'SIGKILL'), this.killGraceMs);
      };
      const onAbort = () => terminate('canceled');
      const timeoutTimer =
        spec.timeoutMs === undefined ? undefined : setTimeout(() => terminate('timeout'), spec.timeoutMs);
      const finish = (result: ProcessResult) => {
        spec.signal.removeEventListener('abort', onAbort);
        clearTimeout(timeoutTimer);
        clearTimeout(killTimer);
        resolve(result);
      };
      const id = this.spawner.spawn(
        { command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd, logPath: spec.logPath },
        {
          onEnd: (end) => {
            if (end.kind === 'error') {
              finish(spawnError(spec, end.code, end.message));
              return;
            }
            if (ending !== null) {
              // Children that outlived the leader's SIGTERM must not linger.
              signalGroup(end.pid, 'SIGKILL');
              finish({ kind: ending });
              return;
            }
            finish({ kind: 'exited', exitCode: end.code ?? 128 + signalNumber(end.signal) });
          },
        },
      );
      spec.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Terminate the process groups still writing the log of an attempt an earlier Skiff lost (Linux). */
  async terminateLost(logPath: string): Promise<void> {
    await terminateWriters(logPath, this.killGraceMs);
  }

  /**
   * `sys.executable` of the interpreter given as `spawnerPython`, when the spawner helper runs on it
   * (once it is ready); undefined when processes start from the Node helper, or when the helper runs
   * on a remembered interpreter (see `spawnerPythonFile`): what the configured one leads to now must
   * then be asked of it.
   */
  pythonExecutable(): Promise<string | undefined> {
    if (!this.spawnerOnConfigured) return Promise.resolve(undefined);
    return this.spawner.pythonExecutable();
  }

  /** Start the spawner helper ahead of the first task. */
  warmUp(): void {
    this.spawner.warmUp();
  }

  /** Stop the helper processes (spawner, fork servers). */
  close(): void {
    this.spawner.close();
    for (const server of this.forkServers.values()) server.close();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (os.constants.signals[signal] ?? 0);
}

function spawnError(spec: ProcessSpec, code: string, reason: string): ProcessResult {
  if (code === 'ENOENT' && !existsSync(spec.cwd)) {
    return {
      kind: 'spawn-error',
      message: `working directory "${spec.cwd}" does not exist`,
      notFound: false,
    };
  }
  if (code === 'ENOENT') {
    const where = spec.command.includes('/') ? 'does not exist' : 'is not on PATH';
    return {
      kind: 'spawn-error',
      message: `command "${spec.command}" ${where} on this machine (PATH=${spec.env.PATH ?? ''})`,
      notFound: true,
    };
  }
  return {
    kind: 'spawn-error',
    message: `command "${spec.command}" could not be started: ${reason}`,
    notFound: false,
  };
}
