import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, lastJson, runCli, tempHome } from './support/cli.js';
import { diskFillingPipeline, expectResumeFinishes } from './support/disk-full-run.js';
import { createTablespace, freshDatabase, startPostgres } from './support/postgres.js';
import { fill, smallDisk, unmountSmallDisks } from './support/small-disk.js';

// A PostgreSQL metadata store whose disk fills: the database lives in a tablespace on a small tmpfs
// (its write-ahead log stays on the cluster's own disk: PostgreSQL stops with a PANIC when it cannot
// write WAL, which no client can handle; see docs/architecture.md, src/metadata). Full before the
// migrations, and full during a run: each command ends with SKIFF_DISK_FULL naming the server and
// the database (no stack trace), and once space is freed the store works and nothing recorded is lost.

const server = await startPostgres();
const skipped = 'reason' in server ? ` (skipped: ${server.reason})` : '';
let tablespaces = 0;
afterAll(async () => {
  if (!('reason' in server)) await server.stop();
  unmountSmallDisks();
});

/** A new database in its own tablespace on a tmpfs of `sizeKiB`: its URL and the mount. */
async function databaseOnSmallDisk(sizeKiB: number): Promise<{ url: string; disk: string }> {
  if ('reason' in server) throw new Error(server.reason);
  const disk = smallDisk(sizeKiB, 'skiff-pg-full-');
  const name = `small_${process.pid}_${++tablespaces}`;
  await createTablespace(server, name, disk);
  const url = await freshDatabase(server, 'full', name);
  // A first connection writes the database's relation cache file; later ones only read it.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.end();
  return { url, disk };
}

/** The tables of the public schema of the database at `url`. */
async function tablesOf(url: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

function expectDiskFull(result: CliResult, url: string): void {
  const database = new URL(url).pathname.slice(1);
  expect(result.code, `${result.stderr}${result.stdout}`).toBe(1);
  expect(result.stderr, result.stdout).toContain('SKIFF_DISK_FULL');
  expect(result.stderr).toMatch(
    /PostgreSQL at 127\.0\.0\.1:\d+ \(database "[a-z0-9_]+"\) reports its disk full/,
  );
  expect(result.stderr).toContain(database);
  expect(result.stderr).toContain("Free space on the PostgreSQL server's data directory");
  expect(result.stderr).not.toContain('SKIFF_INTERNAL');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('a PostgreSQL metadata store on a full disk', () => {
  it.skipIf('reason' in server)(
    `full during the migrations: each start fails whole (no table left behind), and the next start after freeing space migrates${skipped}`,
    async () => {
      let failed = 0;
      for (const freeKiB of [0, 32, 96, 192, 384]) {
        const { url, disk } = await databaseOnSmallDisk(16 * 1024);
        const home = tempHome('skiff-pg-full-');
        const flags = ['--metadata-url', url];
        const filler = fill(disk, freeKiB);
        const full = await runCli(['runs', 'list', ...flags], { home });
        if (full.code !== 0) {
          expectDiskFull(full, url);
          // The migrations are one transaction: a failed start leaves no table of Skiff's behind (only
          // Kysely's bookkeeping tables, made before it, which record no migration).
          const left = (await tablesOf(url)).filter((name) => !name.startsWith('kysely_migration'));
          expect(left, `${freeKiB} KiB free`).toEqual([]);
          failed++;
        }
        rmSync(filler);
        const after = await runCli(['runs', 'list', '--json', ...flags], { home });
        expect(after.code, `${freeKiB} KiB free at first: ${after.stderr}`).toBe(0);
        expect(lastJson<unknown[]>(after.stdout)).toEqual([]);
        expect(await tablesOf(url)).toContain('runs');
      }
      // Some sizes must have stopped the migrations, or this test proves nothing.
      console.log(`${failed} of 5 starts were stopped by the full disk`);
      expect(failed).toBeGreaterThan(0);
    },
    120_000,
  );

  it.skipIf('reason' in server)(
    `full during a run: the CLI ends with SKIFF_DISK_FULL, and \`skiff resume\` finishes the run once space is freed${skipped}`,
    async () => {
      const { url, disk } = await databaseOnSmallDisk(24 * 1024);
      const home = tempHome('skiff-pg-full-');
      const flags = ['--metadata-url', url];
      const migrated = await runCli(['runs', 'list', ...flags], { home });
      expect(migrated.code, migrated.stderr).toBe(0);
      const marker = join(home, 'filled-once');
      const filler = join(disk, 'filler');
      const spec = join(home, 'pipeline.json');
      // The task after the one that fills the disk outputs 192 KiB of random bytes as base64 text,
      // which the store must write to new pages.
      writeFileSync(spec, diskFillingPipeline('pg-disk-full-run', marker, filler, 196_608));
      const run = await runCli(['run', spec, '--json', ...flags], { home, timeoutMs: 60_000 });
      expectDiskFull(run, url);
      expect(run.stderr).toMatch(/SKIFF_DISK_FULL: run [0-9a-f-]+ stopped: /);
      expect(run.stderr).toMatch(/`skiff resume [0-9a-f-]+`/);
      rmSync(filler);
      await expectResumeFinishes(home, flags);
    },
    120_000,
  );
});
