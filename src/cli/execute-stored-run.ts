import { hostname } from 'node:os';
import { maskValue } from '../config/index.js';
import type { PipelineSpec } from '../ir/index.js';
import type { RunRecord } from '../metadata/index.js';
import { holdServerLease } from '../server/server-lease.js';
import { createServices, type Services } from '../services.js';
import type { CliIo } from './cli-io.js';
import { executeWithProgress } from './execute-with-progress.js';
import { holdRun } from './hold-run.js';
import { loadCliConfig } from './load-cli-config.js';

/**
 * Execute a run already in the metadata store (`skiff resume`, `skiff retry`): load the config,
 * take the server lease on the store as a server does (a running server executes stored runs
 * itself, so this fails with SKIFF_SERVER_DB_IN_USE beside one), let `prepare` find the run and
 * its spec, then execute it with progress. Resolves to the exit code.
 */
export async function executeStoredRun(
  io: CliIo,
  options: Record<string, unknown>,
  command: string,
  prepare: (services: Services) => Promise<{ readonly run: RunRecord; readonly spec: PipelineSpec }>,
): Promise<number> {
  const loaded = await loadCliConfig(io, options);
  const services = await createServices(loaded, io.env);
  services.warmUp();
  try {
    const lease = await holdServerLease({
      store: services.metadata.serverLeases,
      log: services.log,
      storeName: String(maskValue(loaded.config.metadata.url, 'url-password')),
      holder: `${command} on ${hostname()} pid ${process.pid}`,
      onLost: (holder) => io.stderr.write(`${command}: ${holder} took over the metadata store\n`),
    });
    try {
      const { run, spec } = await prepare(services);
      const held = await holdRun(services, run.id, command, (holder, expiresAtMs) =>
        io.stderr.write(
          `${command}: run ${run.id} is leased by ${holder} until ${new Date(expiresAtMs).toISOString()}; waiting to see whether that process is still alive…\n`,
        ),
      );
      try {
        return await executeWithProgress(io, services, run, spec, { json: options.json === true });
      } finally {
        await held.close();
      }
    } finally {
      await lease.close();
    }
  } finally {
    await services.close();
  }
}
