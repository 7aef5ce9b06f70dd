import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The real interpreter (`sys.executable`) that a configured Python interpreter led to in an earlier
 * run, kept in a small JSON file, so the spawner helper can start on it directly: through a pyenv
 * shim a start costs 0.1–0.9 s and ≈ 0.3 s of CPU. Only the helper uses it, and any Python 3.8+ can
 * run the helper, so an answer that went stale since (another version chosen) changes nothing that
 * runs; components always get the interpreter the configuration names now.
 */
export class RememberedPython {
  /** `file` holds the answer for `interpreter` (the configured name, e.g. `python3`). */
  constructor(
    private readonly file: string,
    private readonly interpreter: string,
  ) {}

  /** The remembered executable, when one was remembered for this interpreter and can still be run. */
  read(): string | undefined {
    try {
      const saved: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof saved !== 'object' || saved === null) return undefined;
      const { interpreter, executable } = saved as Record<string, unknown>;
      if (interpreter !== this.interpreter || typeof executable !== 'string') return undefined;
      accessSync(executable, constants.X_OK);
      return executable;
    } catch {
      // Nothing remembered (or not usable): the helper starts on the configured interpreter.
      return undefined;
    }
  }

  /** Remember `executable` for the next runs (written whole, then renamed into place). */
  write(executable: string): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temp, JSON.stringify({ interpreter: this.interpreter, executable }));
      renameSync(temp, this.file);
    } catch {
      // A shortcut only: without it the next run starts the helper on the configured interpreter.
      rmSync(temp, { force: true });
    }
  }

  /** Forget the remembered executable (it could not run the helper). */
  forget(): void {
    rmSync(this.file, { force: true });
  }
}
