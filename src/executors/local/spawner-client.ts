import { type ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ProcessSpec } from '../../launcher/process-executor.js';
import { PACKAGE_ROOT } from '../../package-root.js';

/** Where the Node spawner helper program lives: `<package>/runtime/spawner.mjs`. */
export const SPAWNER_PATH = join(PACKAGE_ROOT, 'runtime', 'spawner.mjs');

/** Where the Python spawner helper lives (posix_spawn; same protocol): `<package>/runtime/spawner.py`. */
export const PYTHON_SPAWNER_PATH = join(PACKAGE_ROOT, 'runtime', 'spawner.py');

/** One process to start through the spawner: the plain-data part of a ProcessSpec. */
export type SpawnRequest = Pick<ProcessSpec, 'command' | 'args' | 'env' | 'cwd' | 'logPath'>;

/** How a spawned process ended, as the spawner saw it. */
export type SpawnEnd =
  | {
      readonly kind: 'exit';
      /** The process (and process group) id, for signalling what the leader left behind. */
      readonly pid: number;
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
    }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** Callback for one request: how it ended. */
export interface SpawnHandlers {
  onEnd(end: SpawnEnd): void;
}

/** Options of a SpawnerClient. */
export interface SpawnerClientOptions {
  /**
   * A Python interpreter (3.8+) to run the posix_spawn helper with; unset, or when it cannot run
   * the helper, processes start from the Node helper (runtime/spawner.mjs).
   */
  readonly python?: string;
}

type SpawnerMessage =
  | { type: 'ready'; executable?: unknown }
  | { type: 'error'; id: number; code: string; message: string }
  | { type: 'exit'; id: number; pid: number; code: number | null; signal: NodeJS.Signals | null };

type Outgoing = Record<string, unknown>;

/**
 * Client of the spawner helper process: started on first use, kept while requests are pending
 * (it never keeps the engine's process alive when idle), restarted if it dies. A Python helper
 * that stops before saying it is ready is replaced by the Node helper, which gets every request
 * sent so far.
 */
export class SpawnerClient {
  #child: ChildProcess | undefined;
  readonly #pending = new Map<number, SpawnHandlers>();
  #nextId = 1;
  /** The environment the current helper last received, as sent (reset when a new helper starts). */
  #lastEnv: string | undefined;
  /** ...and the object it was sent from (environments are not changed once given to spawn). */
  #lastEnvObject: object | undefined;
  #python: string | undefined;
  /** Messages to send together at the end of this tick (see #send). */
  #outbox: Outgoing[] = [];
  /** Messages sent to a Python helper that has not said "ready" yet (replayed on fallback). */
  #unconfirmed: Outgoing[] | undefined;
  readonly #executable: Promise<string | undefined>;
  #settleExecutable: (executable: string | undefined) => void = () => {};

  /** See {@link SpawnerClientOptions}. */
  constructor(options: SpawnerClientOptions = {}) {
    this.#python = options.python;
    this.#executable = new Promise((resolve) => {
      this.#settleExecutable = (executable) => {
        this.#settleExecutable = () => {};
        resolve(executable);
      };
    });
    if (this.#python === undefined) this.#settleExecutable(undefined);
  }

  /**
   * `sys.executable` of the Python helper's interpreter, reported when it is ready (starting the
   * helper if needed, and keeping the event loop alive until then); undefined when the Node helper
   * starts processes instead.
   */
  pythonExecutable(): Promise<string | undefined> {
    this.#ensure();
    this.#hold(true);
    void this.#executable.then(() => this.#hold(this.#pending.size > 0));
    return this.#executable;
  }

  /**
   * `sys.executable` of the Python helper once it says it is ready; undefined when the Node helper
   * starts processes instead. Neither starts the helper nor keeps the process alive meanwhile.
   */
  reportedExecutable(): Promise<string | undefined> {
    return this.#executable;
  }

  /** Ask the spawner to start a process; `handlers` hear how it ended. Returns the request id. */
  spawn(request: SpawnRequest, handlers: SpawnHandlers): number {
    this.#ensure();
    const id = this.#nextId++;
    this.#pending.set(id, handlers);
    this.#hold(true);
    // Most tasks share one environment: send it only when it differs from the last one sent. The
    // launcher hands attempts that share it the same object, so most need no comparison of text.
    let sameEnv = request.env === this.#lastEnvObject && this.#lastEnv !== undefined;
    if (!sameEnv) {
      const envText = JSON.stringify(request.env);
      sameEnv = envText === this.#lastEnv;
      this.#lastEnv = envText;
      this.#lastEnvObject = request.env;
    }
    const { env, ...rest } = request;
    this.#send({ type: 'run', id, ...rest, args: [...request.args], ...(sameEnv ? {} : { env }) });
    return id;
  }

  /** Signal the process group of a running request (ignored once it has ended). */
  kill(id: number, signal: NodeJS.Signals): void {
    if (this.#pending.has(id) && this.#child) this.#send({ type: 'kill', id, signal });
  }

  /** Start the helper now, so the first task does not wait for it. */
  warmUp(): void {
    this.#ensure();
    if (this.#pending.size === 0) this.#hold(false);
  }

  /** Stop the helper (pending requests end with an error). */
  close(): void {
    this.#child?.kill();
  }

  #send(message: Outgoing): void {
    this.#unconfirmed?.push(message);
    if (this.#child === undefined) return;
    this.#outbox.push(message);
    // Requests made while one event is handled (the exits of processes that ended together, the
    // starts they free slots for) go in one write: each write wakes the helper, which costs more
    // than the message. nextTick runs once the promise continuations of this event have run.
    if (this.#outbox.length === 1) process.nextTick(() => this.#flush());
  }

  #flush(): void {
    const batch = this.#outbox;
    this.#outbox = [];
    const [first] = batch;
    const child = this.#child;
    if (first === undefined || !child?.connected) return;
    child.send(batch.length === 1 ? first : batch);
  }

  #ensure(): ChildProcess {
    if (this.#child?.connected) return this.#child;
    const python = this.#python;
    const child =
      python === undefined
        ? fork(SPAWNER_PATH, [], {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            execArgv: [],
            serialization: 'json',
          })
        : spawn(python, ['-I', '-S', PYTHON_SPAWNER_PATH], {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            serialization: 'json',
          });
    this.#unconfirmed = python === undefined ? undefined : [];
    child.on('message', (message: SpawnerMessage) => this.#onMessage(message));
    // A helper that cannot start (no such interpreter) reports an error, then exits.
    child.on('error', () => this.#onGone(child));
    child.on('exit', () => this.#onGone(child));
    this.#child = child;
    this.#lastEnv = undefined;
    return child;
  }

  #onGone(child: ChildProcess): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    // Not sent yet: replayed below when unconfirmed, else their requests end with an error.
    this.#outbox = [];
    // Gone before saying it was ready: nobody learns the interpreter from it (no-op once settled).
    this.#settleExecutable(undefined);
    const replay = this.#unconfirmed;
    this.#unconfirmed = undefined;
    if (replay !== undefined) {
      // The Python helper cannot run here: use the Node one from now on, with what it missed.
      this.#python = undefined;
      const node = this.#ensure();
      for (const message of replay) node.send(message);
      this.#hold(this.#pending.size > 0);
      return;
    }
    for (const [id, handlers] of this.#pending) {
      this.#pending.delete(id);
      handlers.onEnd({
        kind: 'error',
        code: 'ESPAWNER',
        message: 'the process spawner helper stopped unexpectedly',
      });
    }
  }

  #onMessage(message: SpawnerMessage): void {
    if (message.type === 'ready') {
      this.#unconfirmed = undefined;
      const { executable } = message;
      this.#settleExecutable(typeof executable === 'string' && executable !== '' ? executable : undefined);
      return;
    }
    const handlers = this.#pending.get(message.id);
    if (!handlers) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#hold(false);
    handlers.onEnd(
      message.type === 'exit'
        ? { kind: 'exit', pid: message.pid, code: message.code, signal: message.signal }
        : { kind: 'error', code: message.code, message: message.message },
    );
  }

  /** Keep the event loop alive only while processes are pending. */
  #hold(on: boolean): void {
    const child = this.#child;
    if (!child) return;
    if (on) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }
}
