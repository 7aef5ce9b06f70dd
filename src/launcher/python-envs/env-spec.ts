import { createHash } from 'node:crypto';

/** What makes one Python environment: built once per distinct value, shared by every attempt that needs it. */
export interface EnvSpec {
  /** The base interpreter's real `sys.executable`. */
  readonly interpreter: string;
  /**
   * What tells two builds of the interpreter at that path apart (size and modification time of
   * the binary): a Python upgraded in place gets new environments.
   */
  readonly interpreterStamp: string;
  /** Requirement specifiers as the component wrote them (pins included), without duplicates. */
  readonly requirements: readonly string[];
  /** Index options in the component's order (`--index-url URL`, `--trusted-host H`, ...). */
  readonly options: readonly string[];
  /** The environment also sees the interpreter's own site-packages. */
  readonly systemSitePackages: boolean;
  /** pip itself is installed into the environment (commands run as written install with it). */
  readonly seedPip: boolean;
}

/**
 * The environment's directory name: 20 hex digits of SHA-256 over the canonical JSON of `spec`.
 * Requirement order does not matter to pip's resolver, so the list is sorted; options keep their
 * order (an index URL and its trusted host go together).
 */
export function envKey(spec: EnvSpec): string {
  const canonical = JSON.stringify([
    spec.interpreter,
    spec.interpreterStamp,
    [...spec.requirements].sort(),
    spec.options,
    spec.systemSitePackages,
    spec.seedPip,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 20);
}
