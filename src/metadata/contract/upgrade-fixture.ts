import { type Kysely, Migrator } from 'kysely';
import { metadataMigrationProvider } from '../migrations/migration-provider.js';
import type { SqlDialectName } from '../migrations/sql-dialect.js';
import { makeRun, T0 } from './fixtures.js';

/**
 * Brings an empty database to migration 005 (before retry rounds) and writes, as Skiff then did,
 * run `run-1` with a FAILED task `task-1` and its failed attempt 1: a store opened on it next
 * must migrate those rows into round 0.
 */
export async function seedBeforeRetryRounds(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const all = await metadataMigrationProvider(dialect).getMigrations();
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => name < '006')),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  const run = makeRun();
  const rows = db as Kysely<Record<string, Record<string, unknown>>>;
  await rows
    .insertInto('runs')
    .values({
      id: run.id,
      pipeline_name: run.pipelineName,
      display_name: run.displayName,
      spec_text: run.specText,
      arguments: '{}',
      pipeline_root: run.pipelineRoot,
      state: 'FAILED',
      created_at_ms: T0,
      options: '{}',
    })
    .execute();
  await rows
    .insertInto('tasks')
    .values({
      id: 'task-1',
      run_id: run.id,
      path: 'train',
      name: 'train',
      kind: 'container',
      state: 'FAILED',
      created_at_ms: T0,
      max_attempts: 1,
      error: 'SKIFF_EXEC_NONZERO: exit 1',
    })
    .execute();
  await rows
    .insertInto('attempts')
    .values({ task_id: 'task-1', run_id: run.id, number: 1, state: 'FAILED', started_at_ms: T0 })
    .execute();
}
