import type { Kysely, Selectable } from 'kysely';
import type { PipelineField, PipelineRecord } from './catalog-records.js';
import type { PipelineStore } from './catalog-store.js';
import { fromEpochMs } from './codec.js';
import type { ListColumns } from './list-sql.js';
import { listPage } from './list-sql.js';
import type { Database, PipelinesTable } from './schema.js';
import { uniqueWrite } from './unique-write.js';

/** Columns of the pipeline fields lists filter and sort by. */
export const PIPELINE_COLUMNS: ListColumns<PipelineField> = {
  id: { column: 'id' },
  name: { column: 'name' },
  displayName: { column: 'display_name' },
  description: { column: 'description' },
  namespace: { column: 'namespace' },
  createdAtMs: { column: 'created_at_ms', numeric: true },
};

/** The pipeline store over a Kysely database. */
export function createPipelineStore(db: Kysely<Database>): PipelineStore {
  return {
    async create(pipeline) {
      await uniqueWrite(
        `pipeline name "${pipeline.name}" is already used${inNamespace(pipeline.namespace)}`,
        'Choose another pipeline name, or upload a new version of the existing pipeline (upload_version).',
        () =>
          db
            .insertInto('pipelines')
            .values({
              id: pipeline.id,
              name: pipeline.name,
              display_name: pipeline.displayName,
              description: pipeline.description,
              namespace: pipeline.namespace,
              created_at_ms: pipeline.createdAtMs,
            })
            .execute(),
      );
    },

    async get(id) {
      const row = await db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async getByName(namespace, name) {
      const row = await db
        .selectFrom('pipelines')
        .selectAll()
        .where('namespace', '=', namespace)
        .where('name', '=', name)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(query) {
      const page = await listPage(db.selectFrom('pipelines'), query, PIPELINE_COLUMNS);
      return { ...page, items: page.items.map((row) => fromRow(row as Selectable<PipelinesTable>)) };
    },

    async delete(id) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('pipeline_versions').where('pipeline_id', '=', id).execute();
        const result = await trx.deleteFrom('pipelines').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },
  };
}

function inNamespace(namespace: string): string {
  return namespace === '' ? '' : ` in namespace "${namespace}"`;
}

function fromRow(row: Selectable<PipelinesTable>): PipelineRecord {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    namespace: row.namespace,
    createdAtMs: fromEpochMs(row.created_at_ms),
  };
}
