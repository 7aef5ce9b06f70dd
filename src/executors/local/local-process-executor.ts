import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProcessExecutor, ProcessResult, ProcessSpec } from '../../launcher/process-executor.js';

/** Options of the local process executor. */
export interface LocalProcessExecutorOptions {
  /** Time between SIGTERM and SIGKILL when a process is canceled or times out. Default 2000 ms. */
  readonly killGraceMs?: number;
}

/**
 * Runs each attempt as a local process in its own process group, with stdout and stderr written
 * straight to the log file descriptor (nothing is piped through Node).
 */
export class LocalProcessExecutor implements ProcessExecutor {
  private readonly killGraceMs: number;

  /** Create an executor; see {@link LocalProcessExecutorOptions}. */
  constructor(options: LocalProcessExecutorOptions = {}) {
    this.killGraceMs = options.killGraceMs ?? 2000;
  }

  async run(spec: ProcessSpec): Promise<ProcessResult> {
    if (spec.signal.aborted) return { kind: 'canceled' };
    await fs.mkdir(path.dirname(spec.logPath), { recursive: true });
    const log = await fs.open(spec.logPath, 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.command, [...spec.args], {
        cwd: spec.cwd,
        env: spec.env,
        stdio: ['ignore', log.fd, log.fd],
        detached: true,
      });
    } catch (error) {
      await log.close();
      return spawnError(spec, error);
    }
    // Listen before anything else awaits: a spawn error is emitted on the next tick.
    const result = this.wait(child, spec);
    // The child holds its own copies of the descriptor; the parent's can go now.
    await log.close();
    return result;
  }

  private wait(child: ChildProcess, spec: ProcessSpec): Promise<ProcessResult> {
    return new Promise((resolve) => {
      let ending: 'timeout' | 'canceled' | null = null;
      let killTimer: NodeJS.Timeout | undefined;
      const terminate = (why: 'timeout' | 'canceled') => {
        if (ending !== null || child.pid === undefined) return;
        ending = why;
        signalGroup(child.pid, 'SIGTERM');
        killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), this.killGraceMs);
      };
      const onAbort = () => terminate('canceled');
      const timeoutTimer =
        spec.timeoutMs === undefined ? undefined : setTimeout(() => terminate('timeout'), spec.timeoutMs);
      spec.signal.addEventListener('abort', onAbort, { once: true });
      const finish = (result: ProcessResult) => {
        spec.signal.removeEventListener('abort', onAbort);
        clearTimeout(timeoutTimer);
        clearTimeout(killTimer);
        resolve(result);
      };
      child.once('error', (error) => finish(spawnError(spec, error)));
      child.once('exit', (code, signal) => {
        if (ending !== null) {
          // Children that outlived the leader's SIGTERM must not linger.
          signalGroup(child.pid!, 'SIGKILL');
          finish({ kind: ending });
          return;
        }
        finish({ kind: 'exited', exitCode: code ?? 128 + signalNumber(signal) });
      });
    });
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

function spawnError(spec: ProcessSpec, error: unknown): ProcessResult {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
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
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: 'spawn-error',
    message: `command "${spec.command}" could not be started: ${reason}`,
    notFound: false,
  };
}
