import type { ConfigMask } from './config-schema.js';

/** What a masked secret prints as. */
export const MASKED = '****';

/** Hide a secret value for printing: all of it, or only the password of a URL (`postgres://u:****@h/db`). */
export function maskValue(value: unknown, mask: ConfigMask | undefined): unknown {
  if (mask === undefined || value === undefined) return value;
  if (mask === 'secret') return MASKED;
  if (typeof value !== 'string') return MASKED;
  // Greedy up to the last '@': a password with an unescaped '/' or '@' is still hidden (over-masking is safe).
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):.*@/is, `$1:${MASKED}@`);
}
