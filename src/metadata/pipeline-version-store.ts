import type { Kysely, Selectable } from 'kysely';
import type { PipelineVersionField, PipelineVersionRecord } from './catalog-records.js';
import type { PipelineVersionStore } from './catalog-store.js';
import { fromEpochMs } from './codec.js';
import { type ListColumns, listPage } from './list-sql.js';
import type { Database, PipelineVersionsTable } from './schema.js';
import { uniqueWrite } from './unique-write.js';

/** Columns of the pipeline version fields lists filter and sort by. */
export const PIPELINE_VERSION_COLUMNS: ListColumns<PipelineVersionField> = {
  id: { column: 'id' },
  pipelineId: { column: 'pipeline_id' },
  name: { column: 'name' },
  displayName: { column: 'display_name' },
  description: { column: 'description' },
  createdAtMs: { column: 'created_at_ms', numeric: true },
};

/** The pipeline version store over a Kysely database. */
export function createPipelineVersionStore(db: Kysely<Database>): PipelineVersionStore {
  return {
    async create(version) {
      await uniqueWrite(
        `pipeline ${version.pipelineId} already has a version named "${version.name}"`,
        'Give the version another name.',
        () =>
          db
            .insertInto('pipeline_versions')
            .values({
              id: version.id,
              pipeline_id: version.pipelineId,
              name: version.name,
              display_name: version.displayName,
              description: version.description,
              spec_text: version.specText,
              created_at_ms: version.createdAtMs,
            })
            .execute(),
      );
    },

    async get(id) {
      const row = await db
        .selectFrom('pipeline_versions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(query) {
      const page = await listPage(db.selectFrom('pipeline_versions'), query, PIPELINE_VERSION_COLUMNS);
      return { ...page, items: page.items.map((row) => fromRow(row as Selectable<PipelineVersionsTable>)) };
    },

    async latest(pipelineId) {
      const row = await db
        .selectFrom('pipeline_versions')
        .selectAll()
        .where('pipeline_id', '=', pipelineId)
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async delete(id) {
      const result = await db.deleteFrom('pipeline_versions').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

function fromRow(row: Selectable<PipelineVersionsTable>): PipelineVersionRecord {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    specText: row.spec_text,
    createdAtMs: fromEpochMs(row.created_at_ms),
  };
}
