import dns from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';

/** Host (IPv6 without brackets) and port of an endpoint URL, with the scheme's default port. */
export function hostAndPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Resolve `host` to one address (an IP literal is returned as it is). */
export async function resolveHost(host: string, timeoutMs: number): Promise<string> {
  if (net.isIP(host) !== 0) return host;
  const found = await withTimeout(dns.lookup(host), timeoutMs, `DNS lookup of ${host}`);
  return found.address;
}

/** Open and close a TCP connection; rejects with Node's error (ECONNREFUSED, ETIMEDOUT...). */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(
        Object.assign(new Error(`connect timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
      ),
    );
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/**
 * Complete a TLS handshake with `host:port`. `verify` false accepts any certificate (used to tell
 * whether the port speaks TLS at all). Rejects with Node's TLS error on failure.
 */
export function tlsHandshake(host: string, port: number, timeoutMs: number, verify: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      rejectUnauthorized: verify,
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(
        Object.assign(new Error(`TLS handshake timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
      ),
    );
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** True when `host:port` completes a TLS handshake (any certificate) within `timeoutMs`. */
export async function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  try {
    await tlsHandshake(host, port, timeoutMs, false);
    return true;
  } catch {
    // Any failure (refused, reset, wrong version number, timeout) answers the question: no.
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`${what} timed out after ${timeoutMs} ms`), { code: 'EAI_AGAIN' })),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
