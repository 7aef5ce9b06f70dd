import { SkiffError } from './skiff-error.js';

/** For tests: the SkiffError `run` throws; anything else it throws is rethrown, and no throw fails. */
export function skiffErrorOf(run: () => unknown): SkiffError {
  try {
    run();
  } catch (error) {
    if (error instanceof SkiffError) return error;
    throw error;
  }
  throw new Error('expected a SkiffError, but nothing was thrown (the input was accepted)');
}
