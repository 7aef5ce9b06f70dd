import type { Kysely, Selectable } from 'kysely';
import type { ExperimentField, ExperimentRecord, ExperimentStorageState } from './catalog-records.js';
import type { ExperimentStore } from './catalog-store.js';
import { fromEpochMs, fromNullableEpochMs } from './codec.js';
import { type ListColumns, listPage } from './list-sql.js';
import type { Database, ExperimentsTable } from './schema.js';
import { uniqueWrite } from './unique-write.js';

/** Columns of the experiment fields lists filter and sort by. */
export const EXPERIMENT_COLUMNS: ListColumns<ExperimentField> = {
  id: { column: 'id' },
  displayName: { column: 'display_name' },
  description: { column: 'description' },
  namespace: { column: 'namespace' },
  storageState: { column: 'storage_state' },
  createdAtMs: { column: 'created_at_ms', numeric: true },
  lastRunCreatedAtMs: { column: 'last_run_created_at_ms', numeric: true },
};

/** The experiment store over a Kysely database. */
export function createExperimentStore(db: Kysely<Database>): ExperimentStore {
  return {
    async create(experiment) {
      const where = experiment.namespace === '' ? '' : ` in namespace "${experiment.namespace}"`;
      await uniqueWrite(
        `experiment display name "${experiment.displayName}" is already used${where}`,
        'Choose another display name, or use the existing experiment (list experiments with a display_name filter).',
        () =>
          db
            .insertInto('experiments')
            .values({
              id: experiment.id,
              display_name: experiment.displayName,
              description: experiment.description,
              namespace: experiment.namespace,
              storage_state: experiment.storageState,
              created_at_ms: experiment.createdAtMs,
              last_run_created_at_ms: experiment.lastRunCreatedAtMs,
            })
            .execute(),
      );
    },

    async get(id) {
      const row = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(query) {
      const page = await listPage(db.selectFrom('experiments'), query, EXPERIMENT_COLUMNS);
      return { ...page, items: page.items.map((row) => fromRow(row as Selectable<ExperimentsTable>)) };
    },

    async setStorageState(id, state) {
      const result = await db
        .updateTable('experiments')
        .set({ storage_state: state })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async recordRunCreated(id, atMs) {
      const result = await db
        .updateTable('experiments')
        .set({ last_run_created_at_ms: atMs })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([eb('last_run_created_at_ms', 'is', null), eb('last_run_created_at_ms', '<', atMs)]),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return true;
      // Not updated: either unknown, or it already has a newer run.
      const row = await db.selectFrom('experiments').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },

    async archive(id, atMs) {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('experiments')
          .set({ storage_state: 'ARCHIVED' })
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) return false;
        await trx
          .updateTable('runs')
          .set({ storage_state: 'ARCHIVED' })
          .where('experiment_id', '=', id)
          .where('storage_state', '<>', 'ARCHIVED')
          .execute();
        await disableRecurringRuns(trx, id, atMs);
        return true;
      });
    },

    async delete(id, atMs) {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('experiments').where('id', '=', id).executeTakeFirst();
        if (result.numDeletedRows === 0n) return false;
        await disableRecurringRuns(trx, id, atMs);
        return true;
      });
    },
  };
}

/** Disables the enabled recurring runs of an experiment. */
async function disableRecurringRuns(db: Kysely<Database>, experimentId: string, atMs: number): Promise<void> {
  await db
    .updateTable('recurring_runs')
    .set({ status: 'DISABLED', updated_at_ms: atMs })
    .where('experiment_id', '=', experimentId)
    .where('status', '=', 'ENABLED')
    .execute();
}

function fromRow(row: Selectable<ExperimentsTable>): ExperimentRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    description: row.description,
    namespace: row.namespace,
    storageState: row.storage_state as ExperimentStorageState,
    createdAtMs: fromEpochMs(row.created_at_ms),
    lastRunCreatedAtMs: fromNullableEpochMs(row.last_run_created_at_ms),
  };
}
