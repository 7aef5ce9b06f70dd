import type { Kysely, Migration } from 'kysely';
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME } from '../catalog-records.js';

/**
 * Adds `pipelines`, `pipeline_versions` and `experiments` with indexes for keyset pages on
 * (created_at_ms, id) and name lookups, and the default experiment.
 */
export function pipelinesExperimentsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('pipelines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('pipelines_namespace_name', ['namespace', 'name'])
        .execute();
      await db.schema
        .createIndex('pipelines_created_at_ms_id')
        .on('pipelines')
        .columns(['created_at_ms', 'id'])
        .execute();

      await db.schema
        .createTable('pipeline_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('spec_text', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('pipeline_versions_pipeline_id_name', ['pipeline_id', 'name'])
        .execute();
      await db.schema
        .createIndex('pipeline_versions_pipeline_id_created_at_ms_id')
        .on('pipeline_versions')
        .columns(['pipeline_id', 'created_at_ms', 'id'])
        .execute();

      await db.schema
        .createTable('experiments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('storage_state', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_run_created_at_ms', 'bigint')
        .addUniqueConstraint('experiments_namespace_display_name', ['namespace', 'display_name'])
        .execute();
      await db.schema
        .createIndex('experiments_created_at_ms_id')
        .on('experiments')
        .columns(['created_at_ms', 'id'])
        .execute();
      await (db as Kysely<{ experiments: Record<string, unknown> }>)
        .insertInto('experiments')
        .values({
          id: DEFAULT_EXPERIMENT_ID,
          display_name: DEFAULT_EXPERIMENT_NAME,
          description: 'All runs created without specifying an experiment are grouped here.',
          namespace: '',
          storage_state: 'AVAILABLE',
          created_at_ms: Date.now(),
          last_run_created_at_ms: null,
        })
        .execute();
    },
  };
}
