import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { netns } from './netns.js';

/** Chromium started through a wrapper that puts it in a network namespace of its own. */
export interface IsolatedChromium {
  /** Give this to Playwright as `executablePath`. */
  readonly executablePath: string;
  /** Stop the proxy and remove the wrapper (after the browser closed). */
  close(): Promise<void>;
}

const RELAY = fileURLToPath(new URL('./netns-chromium.mjs', import.meta.url));
/** The only hosts the browser may reach, all of them this machine's loopback. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost']);

/**
 * Wrap `chromium` so that it runs with no network but its own loopback (`unshare -n`, as root),
 * reaching 127.0.0.1 of this machine only through a SOCKS5 proxy that this process serves on a
 * Unix socket. The browser then sees none of the host's network changes (pods and bridges that
 * cluster tests add make Chromium abort its requests with `net::ERR_NETWORK_CHANGED`) and cannot
 * send a byte anywhere else. Undefined when namespaces are not available here (not root).
 */
export async function isolateChromium(chromium: string): Promise<IsolatedChromium | undefined> {
  const wrap = netns();
  if (!wrap.ok) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-chromium-'));
  const socketPath = join(dir, 'socks.sock');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    serveSocks(client, sockets);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  const executablePath = join(dir, 'chromium');
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const command = [...wrap.prefix, process.execPath, RELAY, socketPath, chromium].map(quote).join(' ');
  writeFileSync(executablePath, `#!/bin/sh\nexec ${command} "$@"\n`);
  chmodSync(executablePath, 0o755);
  return { executablePath, close: () => stop(server, sockets, dir) };
}

async function stop(server: Server, sockets: Set<Socket>, dir: string): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
}

/** SOCKS5 (RFC 1928), no authentication, CONNECT to 127.0.0.1 only. */
function serveSocks(client: Socket, sockets: Set<Socket>): void {
  let buffered = Buffer.alloc(0);
  let greeted = false;
  const refuse = (reply: number) => {
    client.end(Buffer.from([5, reply, 0, 1, 0, 0, 0, 0, 0, 0]));
  };
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (!greeted) {
      if (buffered.length < 2 || buffered.length < 2 + (buffered[1] ?? 0)) return;
      if (buffered[0] !== 5) return void client.destroy();
      buffered = buffered.subarray(2 + (buffered[1] ?? 0));
      greeted = true;
      client.write(Buffer.from([5, 0]));
    }
    const request = parseConnect(buffered);
    if (request === 'incomplete') return;
    client.off('data', onData);
    if (request === 'unsupported') return refuse(7);
    if (!LOOPBACK_NAMES.has(request.host)) return refuse(2);
    const rest = buffered.subarray(request.length);
    const upstream = connect(request.port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream).pipe(client);
    });
    upstream.once('error', () => {
      if (!connected) refuse(5);
      else client.destroy();
    });
    client.on('error', () => upstream.destroy());
  };
  client.on('data', onData);
  client.on('error', () => client.destroy());
}

type ConnectRequest = { readonly host: string; readonly port: number; readonly length: number };

/** A CONNECT request at the start of `data`: its host and port, or what is wrong with it. */
function parseConnect(data: Buffer): ConnectRequest | 'incomplete' | 'unsupported' {
  if (data.length < 5) return 'incomplete';
  if (data[0] !== 5 || data[1] !== 1) return 'unsupported';
  const type = data[3];
  let host: string;
  let at: number;
  if (type === 1) {
    if (data.length < 10) return 'incomplete';
    host = [...data.subarray(4, 8)].join('.');
    at = 8;
  } else if (type === 3) {
    const size = data[4] ?? 0;
    if (data.length < 5 + size + 2) return 'incomplete';
    host = data.subarray(5, 5 + size).toString('latin1');
    at = 5 + size;
  } else if (type === 4) {
    if (data.length < 22) return 'incomplete';
    host = data.subarray(4, 20).equals(Buffer.from([...Array(15).fill(0), 1])) ? '127.0.0.1' : '::';
    at = 20;
  } else {
    return 'unsupported';
  }
  return { host, port: data.readUInt16BE(at), length: at + 2 };
}
