import { SkiffError } from '../errors/index.js';
import { constraintViolation } from './write-error.js';

/**
 * Runs an insert of a named API object; a unique-constraint violation becomes SKIFF_API_CONFLICT
 * with `conflict` as the message (callers name the object and the rule). Other errors pass through.
 */
export async function uniqueWrite<T>(conflict: string, fix: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (constraintViolation(error) !== 'unique') throw error;
    throw new SkiffError('SKIFF_API_CONFLICT', conflict, { fix, cause: error });
  }
}
