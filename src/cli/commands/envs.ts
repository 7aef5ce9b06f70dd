import { join } from 'node:path';
import { Command } from 'commander';
import { SkiffError } from '../../errors/index.js';
import { listEnvs, pruneEnvs } from '../../launcher/python-envs/index.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { formatCatalog, formatPrune } from '../envs-report.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';

const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** `skiff envs list` and `skiff envs prune`: the Python environments made for packages_to_install. */
export function envsCommand(io: CliIo, done: (code: number) => void): Command {
  const envs = new Command('envs').description(
    'list and remove the Python environments made for packages_to_install (<home>/envs)',
  );
  const list = new Command('list')
    .description('list the environments: key, Python, requirements, size, last use, pipelines')
    .option(
      '--json',
      'print JSON: {envsDir, envs: [{key, dir, manifest, sizeBytes, lastUsedMs, pipelines}], leftovers}',
    );
  withConfigFlags(list);
  list.action(async (options: Record<string, unknown>) => {
    const catalog = await listEnvs(await envsDirOf(io, options));
    io.stdout.write(
      options.json === true ? `${JSON.stringify(catalog)}\n` : formatCatalog(catalog, Date.now()),
    );
    done(EXIT.ok);
  });
  const prune = new Command('prune')
    .description('remove environments not used lately, and leftovers of builds; never one a build holds')
    .option(
      '--older-than <duration>',
      'remove environments last used this long ago (30d, 12h, 90m, 45s)',
      '30d',
    )
    .option('--all', 'remove every environment, however recently used')
    .option('--dry-run', 'only print what would be removed')
    .option('--json', 'print JSON: {envsDir, dryRun, removed: [...], kept: [...], freedBytes}');
  withConfigFlags(prune);
  prune.action(async (options: Record<string, unknown>) => {
    const olderThan = String(options.olderThan);
    const olderThanMs = parseDurationMs('--older-than', olderThan);
    const nowMs = Date.now();
    const result = await pruneEnvs(await envsDirOf(io, options), {
      olderThanMs,
      all: options.all === true,
      dryRun: options.dryRun === true,
      nowMs,
    });
    io.stdout.write(
      options.json === true ? `${JSON.stringify(result)}\n` : formatPrune(result, olderThan, nowMs),
    );
    done(EXIT.ok);
  });
  return envs.addCommand(list).addCommand(prune);
}

/**
 * Milliseconds in `text`, a whole number and a unit: `30d`, `12h`, `90m`, `45s`; SKIFF_ENV_BAD_OPTION
 * naming `option` otherwise.
 */
export function parseDurationMs(option: string, text: string): number {
  const match = /^(\d+)([dhms])$/.exec(text.trim());
  if (match === null) {
    throw new SkiffError(
      'SKIFF_ENV_BAD_OPTION',
      `${option} "${text}" is not a duration: write a whole number and a unit (d, h, m or s)`,
      { fix: `Write ${option} as e.g. 30d, 12h, 90m or 45s (0s: every environment not in use).` },
    );
  }
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

async function envsDirOf(io: CliIo, options: Record<string, unknown>): Promise<string> {
  return join((await loadCliConfig(io, options)).config.home, 'envs');
}
