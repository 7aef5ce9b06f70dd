/** What to run for one attempt (or helper step such as a pip install). */
export interface ProcessSpec {
  /** argv[0]: a program name looked up on `env.PATH`, or a path. */
  readonly command: string;
  readonly args: readonly string[];
  /** The complete environment of the process (nothing is inherited); never changed once given (executors may compare it by identity). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** stdout and stderr are both appended to this file, opened before the process starts (readable live). */
  readonly logPath: string;
  /** Aborting terminates the process group (SIGTERM, then SIGKILL after a grace period). */
  readonly signal: AbortSignal;
  /** Terminate the process group after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** How a process ended. Expected failures are values, never thrown. */
export type ProcessResult =
  | { readonly kind: 'exited'; readonly exitCode: number }
  | {
      readonly kind: 'spawn-error';
      /** Names the command and the cause (e.g. not on PATH). */
      readonly message: string;
      /** True when the command does not exist on this machine (ENOENT). */
      readonly notFound: boolean;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'canceled' };

/** Runs processes for the launcher (local processes, or later Kubernetes pods). */
export interface ProcessExecutor {
  run(spec: ProcessSpec): Promise<ProcessResult>;
  /**
   * Terminate the processes an earlier Skiff left running for an attempt whose log is `logPath`
   * (its process groups); resolves once they are gone. Optional: executors that cannot find them skip it.
   */
  terminateLost?(logPath: string): Promise<void>;
}
