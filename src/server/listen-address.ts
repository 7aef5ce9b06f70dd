import { isIP } from 'node:net';
import type { LoadedConfig } from '../config/index.js';
import { SkiffError } from '../errors/index.js';

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '::ffff:127.0.0.1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** `server.host "0.0.0.0" (set in flag:--host)`: a server setting, its value and where it came from. */
function setting(loaded: LoadedConfig, key: 'server.host' | 'server.port'): string {
  const value = key === 'server.host' ? JSON.stringify(loaded.config.server.host) : loaded.config.server.port;
  return `${key} ${value} (set in ${loaded.sources.get(key) ?? 'default'})`;
}

/**
 * Refuse to serve a non-loopback address without a token unless server.allowUnauthenticated says
 * so (SKIFF_SERVER_UNAUTHENTICATED); resolves to a warning to print when it does say so.
 */
export function checkExposure(loaded: LoadedConfig): string | undefined {
  const { host, authToken, allowUnauthenticated } = loaded.config.server;
  if (authToken !== undefined || isLoopbackHost(host)) return undefined;
  if (allowUnauthenticated) {
    const source = loaded.sources.get('server.allowUnauthenticated') ?? 'default';
    return `${setting(loaded, 'server.host')} is not loopback and server.authToken is unset: no authentication (server.allowUnauthenticated from ${source}); anyone who reaches this address can run pipelines here`;
  }
  throw new SkiffError(
    'SKIFF_SERVER_UNAUTHENTICATED',
    `${setting(loaded, 'server.host')} is not a loopback address and server.authToken is unset, so anyone who reaches it could run pipelines on this machine; server.allowUnauthenticated is false`,
    { location: 'server.host' },
  );
}

/** Why listening failed, by errno, and which setting to change. */
const REASONS: Readonly<
  Record<string, { readonly key: 'server.host' | 'server.port'; readonly why: string }>
> = {
  EADDRINUSE: { key: 'server.port', why: 'is in use by another process on this address' },
  EACCES: { key: 'server.port', why: 'needs privileges this user lacks (ports below 1024)' },
  EADDRNOTAVAIL: { key: 'server.host', why: 'is not an address of this machine' },
  ENOTFOUND: { key: 'server.host', why: 'is a host name that does not resolve' },
  EAI_AGAIN: { key: 'server.host', why: 'is a host name that could not be resolved (DNS did not answer)' },
  EAFNOSUPPORT: { key: 'server.host', why: 'is of an address family this machine does not support' },
  EINVAL: { key: 'server.host', why: 'cannot be bound' },
};

/** SKIFF_SERVER_LISTEN for an error of `listen`, naming the setting and its source; other errors unchanged. */
export function listenError(error: unknown, loaded: LoadedConfig): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason === undefined) return error;
  const other = reason.key === 'server.host' ? 'server.port' : 'server.host';
  return new SkiffError(
    'SKIFF_SERVER_LISTEN',
    `skiff server cannot listen: ${setting(loaded, reason.key)} ${reason.why} (${code}; with ${setting(loaded, other)})`,
    { location: reason.key, cause: error },
  );
}
