// The bearer token for `server.authToken`, kept in this browser's local storage so that the UI asks
// for it once. Listeners learn when a request was refused for want of it.

const KEY = 'skiff.authToken';
const listeners = new Set<() => void>();
let required = false;

export function readToken(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string | undefined): void {
  try {
    if (token === undefined) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, token);
  } catch {
    // Storage disabled (private mode): the token then lasts until the page is closed.
  }
  memoryToken = token;
  required = false;
  notify();
}

/** Check `token` with `verify` before keeping it; the prompt stays up while it is checked. */
export async function tryToken(token: string, verify: (token: string) => Promise<void>): Promise<void> {
  await verify(token);
  saveToken(token);
}

// Used when local storage is unavailable.
let memoryToken: string | undefined;

/** The token to send, if any. */
export function currentToken(): string | undefined {
  return readToken() ?? memoryToken;
}

/** True after the server answered 401: the app shows the token prompt. */
export function tokenRequired(): boolean {
  return required;
}

export function markTokenRequired(): void {
  if (required) return;
  required = true;
  notify();
}

/**
 * A request sent with `sentToken` (undefined: none) was refused with 401: ask for a token, unless
 * another one was saved after the request went out. Requests sent before the person gave the
 * token come back refused after it was accepted; they must not bring the prompt back (their
 * queries are asked again with the token).
 */
export function markTokenRefused(sentToken: string | undefined): void {
  if (sentToken === currentToken()) markTokenRequired();
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}

/**
 * Why `token` cannot be the server's token, or undefined: a token travels in the HTTP header
 * `Authorization: Bearer …`, which holds printable ASCII only (a browser refuses to send more).
 */
export function tokenProblem(token: string): string | undefined {
  const bad = [...token].find((char) => char < ' ' || char > '~');
  if (bad === undefined) return undefined;
  const shown =
    bad < ' ' ? `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `"${bad}"`;
  return `A token holds printable ASCII characters only (it is sent in an HTTP header), and this one holds ${shown}: paste the server's token as it is set in server.authToken.`;
}
