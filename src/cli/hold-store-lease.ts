import { hostname } from 'node:os';
import { type LoadedConfig, maskValue } from '../config/index.js';
import { holdServerLease } from '../server/server-lease.js';
import type { Services } from '../services.js';
import type { CliIo } from './cli-io.js';

/**
 * Run `work` holding the server lease on the metadata store, as a server does: a CLI command that
 * executes a stored run (resume, retry) must not do so beside a running server, which executes
 * those runs itself. Fails with SKIFF_SERVER_DB_IN_USE while a server holds the store.
 */
export async function withStoreLease<T>(
  io: CliIo,
  loaded: LoadedConfig,
  services: Services,
  command: string,
  work: () => Promise<T>,
): Promise<T> {
  const lease = await holdServerLease({
    store: services.metadata.serverLeases,
    log: services.log,
    storeName: String(maskValue(loaded.config.metadata.url, 'url-password')),
    holder: `${command} on ${hostname()} pid ${process.pid}`,
    onLost: (holder) => io.stderr.write(`${command}: ${holder} took over the metadata store\n`),
  });
  try {
    return await work();
  } finally {
    await lease.close();
  }
}
