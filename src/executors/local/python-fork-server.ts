import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ProcessResult, ProcessSpec } from '../../launcher/process-executor.js';
import { PACKAGE_ROOT } from '../../package-root.js';

/** The fork server program: `<package>/runtime/python-fork-server.py`. */
export const FORK_SERVER_PATH = join(PACKAGE_ROOT, 'runtime', 'python-fork-server.py');

type ServerMessage =
  | { type: 'ready' }
  | { type: 'started'; id: number; pid: number }
  | { type: 'exit'; id: number; code: number | null; signal: number | null }
  | { type: 'error'; id: number; message: string };

interface Pending {
  readonly spec: ProcessSpec;
  pid: number | undefined;
  ending: 'timeout' | 'canceled' | null;
  killTimer: NodeJS.Timeout | undefined;
  readonly timeoutTimer: NodeJS.Timeout | undefined;
  readonly onAbort: () => void;
  readonly resolve: (result: ProcessResult | undefined) => void;
}

/**
 * Runs `python -m kfp.dsl.executor_main ARGS` attempts by forking a warm interpreter (see
 * runtime/python-fork-server.py): same arguments, environment, working directory, log file and
 * process group as a fresh process, without paying the interpreter's start-up per task. `run`
 * answers undefined when the server is not available, and the caller starts a fresh process.
 */
export class PythonForkServer {
  #child: ChildProcess | undefined;
  #broken = false;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  /** `interpreter` is the real executable; `serverEnv` carries PYTHONPATH to the bundled runtime. */
  constructor(
    private readonly interpreter: string,
    private readonly serverEnv: Readonly<Record<string, string>>,
    private readonly killGraceMs = 2000,
  ) {}

  /** True when `spec` is an executor_main run of this server's interpreter. */
  accepts(spec: Pick<ProcessSpec, 'command' | 'args'>): boolean {
    return (
      !this.#broken &&
      spec.command === this.interpreter &&
      spec.args[0] === '-m' &&
      spec.args[1] === 'kfp.dsl.executor_main'
    );
  }

  /** Run one attempt; undefined when the server cannot (the caller falls back to a fresh process). */
  run(spec: ProcessSpec): Promise<ProcessResult | undefined> {
    if (spec.signal.aborted) return Promise.resolve({ kind: 'canceled' });
    const child = this.#ensure();
    if (!child?.stdin) return Promise.resolve(undefined);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const pending: Pending = {
        spec,
        pid: undefined,
        ending: null,
        killTimer: undefined,
        timeoutTimer:
          spec.timeoutMs === undefined
            ? undefined
            : setTimeout(() => this.#terminate(pending, 'timeout'), spec.timeoutMs),
        onAbort: () => this.#terminate(pending, 'canceled'),
        resolve,
      };
      spec.signal.addEventListener('abort', pending.onAbort, { once: true });
      this.#pending.set(id, pending);
      child.ref();
      const request = { id, args: spec.args.slice(2), env: spec.env, cwd: spec.cwd, logPath: spec.logPath };
      child.stdin!.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Stop the server: it ends the attempts still running and what they left (SIGTERM, then SIGKILL after 2 s). */
  close(): void {
    this.#child?.stdin?.end();
  }

  #ensure(): ChildProcess | undefined {
    if (this.#child) return this.#child;
    if (this.#broken) return undefined;
    const child = spawn(this.interpreter, [FORK_SERVER_PATH], {
      env: { ...this.serverEnv },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.on('error', () => this.#fail(child));
    child.on('exit', () => this.#fail(child));
    createInterface({ input: child.stdout! }).on('line', (line) => this.#onLine(line));
    this.#child = child;
    return child;
  }

  #onLine(line: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(line) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'ready') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.type === 'started') {
      pending.pid = message.pid;
      if (pending.ending !== null) this.#kill(pending);
      return;
    }
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#child?.unref();
    if (message.type === 'error') {
      this.#finish(pending, undefined);
    } else if (pending.ending !== null) {
      if (pending.pid !== undefined) signalGroup(pending.pid, 'SIGKILL');
      this.#finish(pending, { kind: pending.ending });
    } else {
      this.#finish(pending, { kind: 'exited', exitCode: message.code ?? 128 + (message.signal ?? 0) });
    }
  }

  #terminate(pending: Pending, why: 'timeout' | 'canceled'): void {
    if (pending.ending !== null) return;
    pending.ending = why;
    if (pending.pid !== undefined) this.#kill(pending);
  }

  #kill(pending: Pending): void {
    const pid = pending.pid!;
    signalGroup(pid, 'SIGTERM');
    pending.killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), this.killGraceMs);
  }

  #finish(pending: Pending, result: ProcessResult | undefined): void {
    pending.spec.signal.removeEventListener('abort', pending.onAbort);
    clearTimeout(pending.timeoutTimer);
    clearTimeout(pending.killTimer);
    pending.resolve(result);
  }

  /** The server died or could not start: answer every waiting attempt, and stop using it. */
  #fail(child: ChildProcess): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    this.#broken = true;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      // An attempt that had not started can still run as a fresh process; one that had is lost
      // with the server's bookkeeping (a SYSTEM failure, which the retry policy covers).
      this.#finish(
        pending,
        pending.pid === undefined
          ? undefined
          : {
              kind: 'spawn-error',
              message: 'the Python fork server stopped while the attempt ran',
              notFound: false,
            },
      );
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}
