import { SkiffError } from '../errors/index.js';

/** Options for {@link checkObjectKey}. */
export interface CheckObjectKeyOptions {
  /** Accept the empty key (the store root), e.g. as a list prefix. Default false. */
  readonly allowEmpty?: boolean;
}

/**
 * Check that an object key stays inside the store root and return it unchanged. Shared by every
 * adapter so all stores reject the same keys: `..` or `.` segments, a leading `/`, backslashes,
 * NUL characters and (unless allowed) the empty key fail with SKIFF_STORAGE_BAD_KEY.
 */
export function checkObjectKey(key: string, options: CheckObjectKeyOptions = {}): string {
  const problem = keyProblem(key, options.allowEmpty ?? false);
  if (problem !== null) {
    throw new SkiffError('SKIFF_STORAGE_BAD_KEY', `object key ${JSON.stringify(key)} ${problem}`, {
      fix: 'Use a relative, `/`-separated key without `..` or `.` segments, backslashes or NUL characters.',
    });
  }
  return key;
}

function keyProblem(key: string, allowEmpty: boolean): string | null {
  if (key === '') return allowEmpty ? null : 'is empty';
  if (key.includes('\0')) return 'contains a NUL character';
  if (key.includes('\\')) return 'contains a backslash';
  if (key.startsWith('/')) return 'is absolute (starts with "/")';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '..')) return 'has a ".." segment that escapes the store root';
  if (segments.some((segment) => segment === '.')) return 'has a "." segment';
  return null;
}

/** Join key parts with `/`, skipping empty parts and trimming slashes at the joins. */
export function joinObjectKey(...parts: readonly string[]): string {
  return parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
}
