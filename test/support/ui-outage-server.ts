import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { freePort } from './s3-servers.js';

/** A real `skiff server` on one fixed loopback port that a test can stop and start again, as an outage. */
export interface OutageServer {
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  readonly url: string;
  /** Stop the server (the port then refuses connections). */
  stop(): Promise<void>;
  /** Start it again on the same port and home. */
  start(): Promise<void>;
  /** Stop it if it runs. */
  close(): Promise<void>;
}

/** Start a server on a free port with its own home; stop and start it at will. */
export async function startOutageServer(): Promise<OutageServer> {
  const home = mkdtempSync(join(tmpdir(), 'skiff-ui-outage-'));
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', HOME: home, SKIFF_HOME: home };
  let running: RunningServer | undefined;
  const start = async () => {
    const loaded = await loadConfig({
      env,
      cwd: home,
      flags: { values: { 'server.port': { value: port, flag: '--port' } } },
    });
    running = await startServer(loaded, env, { shutdownGraceMs: 200 });
  };
  const stop = async () => {
    const server = running;
    running = undefined;
    await server?.close();
  };
  await start();
  return { url: `http://127.0.0.1:${port}`, start, stop, close: stop };
}
