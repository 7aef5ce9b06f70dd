import type { ConfigMask } from './config-schema.js';

/** What a masked secret prints as. */
export const MASKED = '****';

/** Hide a secret value for printing: all of it, or only the secrets of a URL (see maskUrlSecrets). */
export function maskValue(value: unknown, mask: ConfigMask | undefined): unknown {
  if (mask === undefined || value === undefined) return value;
  if (mask === 'secret') return MASKED;
  if (typeof value !== 'string') return MASKED;
  return maskUrlSecrets(value);
}

/** Query parameters whose value is a secret: libpq's password and sslpassword, tokens, keys, signatures. */
const SECRET_QUERY_NAME = /pass(word|wd)?$|pwd$|secret|token|api[-_]?key|signature|credential/i;

/**
 * A URL with its secrets replaced by MASKED: the password of its user info
 * (`postgres://u:****@h/db`) and the value of every secret-bearing query parameter
 * (`?password=****&sslpassword=****`, tokens, signatures). Anything else is kept.
 */
export function maskUrlSecrets(url: string): string {
  // Greedy up to the last '@' before the query: a password with an unescaped '/' or '@' is still hidden (over-masking is safe).
  const userInfo = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^?#]*@/is, `$1:${MASKED}@`);
  return userInfo.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, separator: string, name: string) =>
    SECRET_QUERY_NAME.test(safeDecode(name)) ? `${separator}${name}=${MASKED}` : whole,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Fields of storage credentials hidden wherever printed; `accessKeyId` is shortened, the others fully masked. */
const SECRET_FIELDS = new Set(['secretAccessKey', 'sessionToken']);
const KEY_ID_FIELDS = new Set(['accessKeyId']);

/** An access key shortened for printing: its first 4 characters and '…' (fully masked when shorter than 8). */
export function maskAccessKey(value: string): string {
  return value.length >= 8 ? `${value.slice(0, 4)}…` : MASKED;
}

/**
 * Hide credential fields inside `value` (any depth): `secretAccessKey` and `sessionToken` become
 * MASKED, `accessKeyId` its first 4 characters. `field` is the name `value` itself sits under.
 */
export function maskSecretFields(value: unknown, field?: string): unknown {
  if (field !== undefined && SECRET_FIELDS.has(field)) return value === undefined ? value : MASKED;
  if (field !== undefined && KEY_ID_FIELDS.has(field)) {
    return typeof value === 'string' ? maskAccessKey(value) : value === undefined ? value : MASKED;
  }
  if (Array.isArray(value)) return value.map((item) => maskSecretFields(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, maskSecretFields(item, name)]),
    );
  }
  return value;
}
