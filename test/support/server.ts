import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { openMetadataStore } from '../../src/metadata/index.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/server/index.js';

/** A test server: the running server, its home, and a fetch bound to its URL. */
export type TestServer = RunningServer & {
  readonly home: string;
  request(path: string, init?: RequestInit): Promise<Response>;
};

/**
 * A real `skiff server` in this process on 127.0.0.1 and a free port, with its own home (or the
 * given one, to restart on the same state).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: {
    readonly home?: string;
    readonly shutdownGraceMs?: number;
    readonly leaseTtlMs?: number;
    readonly eventLimits?: StartServerOptions['eventLimits'];
  } = {},
): Promise<TestServer> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'skiff-server-'));
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? home, SKIFF_HOME: home, ...env };
  const loaded = await loadConfig({
    env: fullEnv,
    cwd: home,
    flags: { values: { 'server.port': { value: 0, flag: '--port' } } },
  });
  const server = await startServer(loaded, fullEnv, {
    ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs }),
    ...(options.leaseTtlMs === undefined ? {} : { leaseTtlMs: options.leaseTtlMs }),
    ...(options.eventLimits === undefined ? {} : { eventLimits: options.eventLimits }),
  });
  return { ...server, home, request: (path, init) => fetch(`${server.url}${path}`, init) };
}

/** Leave the server lease of the store at `url` as a killed server would: held, never renewed. */
export async function leaseAsKilledServer(url: string, ttlMs: number): Promise<boolean> {
  const metadata = await openMetadataStore(url);
  try {
    const taken = await metadata.serverLeases.acquire({
      name: 'run-worker',
      owner: 'killed-server',
      holder: 'a server that was killed',
      nowMs: Date.now(),
      ttlMs,
    });
    return taken.acquired;
  } finally {
    await metadata.close();
  }
}
