import { SkiffError } from '../errors/index.js';

/** Why a write was refused by a constraint, independent of the database. */
export type ConstraintViolation = 'unique' | 'foreign-key';

// SQLite (better-sqlite3) reports extended result codes; PostgreSQL reports SQLSTATE.
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
const FOREIGN_KEY_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

/** Classifies a driver error as a constraint violation, or undefined when it is something else. */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  if (UNIQUE_CODES.has(code)) return 'unique';
  if (FOREIGN_KEY_CODES.has(code)) return 'foreign-key';
  return undefined;
}

/**
 * Runs a write; a constraint violation becomes a SkiffError naming `what` (e.g. `task "a.b" of run r1`),
 * since the engine writing a duplicate or an orphan is a bug. Other errors pass through unchanged.
 */
export async function guardWrite<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = constraintViolation(error);
    if (violation === undefined) throw error;
    const rule =
      violation === 'unique'
        ? 'already exists (ids, task paths within a run and attempt numbers within a task are unique)'
        : 'refers to a run, task or artifact that does not exist';
    throw new SkiffError('SKIFF_METADATA_CONFLICT', `metadata write refused: ${what} ${rule}`, {
      cause: error,
    });
  }
}
