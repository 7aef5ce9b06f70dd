import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { SkiffError } from '../errors/index.js';
import { fromEpochMs, fromJsonText, fromNullableEpochMs, toJsonText } from './codec.js';
import { type ListColumns, listPage } from './list-sql.js';
import type { RecurringRunPatch, RecurringRunQuery, RecurringRunStore } from './metadata-store.js';
import type {
  RecurringRunField,
  RecurringRunRecord,
  RecurringRunStatus,
  RecurringTrigger,
} from './recurring-run-record.js';
import type { Database, RecurringRunsTable } from './schema.js';
import { guardWrite } from './write-error.js';

/** Columns of the recurring run fields API lists filter and sort by. */
export const RECURRING_RUN_COLUMNS: ListColumns<RecurringRunField> = {
  id: { column: 'id' },
  displayName: { column: 'display_name' },
  description: { column: 'description' },
  status: { column: 'status' },
  experimentId: { column: 'experiment_id' },
  namespace: { column: 'namespace' },
  pipelineId: { column: 'pipeline_id' },
  pipelineVersionId: { column: 'pipeline_version_id' },
  createdAtMs: { column: 'created_at_ms', numeric: true },
  updatedAtMs: { column: 'updated_at_ms', numeric: true },
};

/** The recurring run store over a Kysely database. */
export function createRecurringRunStore(db: Kysely<Database>): RecurringRunStore {
  const filtered = (query: RecurringRunQuery) => {
    let select = db.selectFrom('recurring_runs');
    if (query.experimentId !== undefined) select = select.where('experiment_id', '=', query.experimentId);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    return select;
  };
  return {
    async create(recurringRun) {
      await guardWrite(`recurring run ${recurringRun.id}`, () =>
        db.insertInto('recurring_runs').values(toRow(recurringRun)).execute(),
      );
    },

    async get(id) {
      const row = await db.selectFrom('recurring_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async update(id, patch) {
      const set = toPatchRow(patch);
      if (Object.keys(set).length === 0) return;
      const result = await db.updateTable('recurring_runs').set(set).where('id', '=', id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        throw new SkiffError(
          'SKIFF_RECURRING_RUN_NOT_FOUND',
          `recurring run ${id} cannot be updated: no recurring run has this id`,
        );
      }
    },

    async list(query = {}) {
      const rows = await filtered(query)
        .selectAll()
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(fromRow);
    },

    async listPage(query) {
      const page = await listPage(db.selectFrom('recurring_runs'), query, RECURRING_RUN_COLUMNS);
      return { ...page, items: page.items.map((row) => fromRow(row as Selectable<RecurringRunsTable>)) };
    },

    async count(query = {}) {
      const row = await filtered(query)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async delete(id) {
      const result = await db.deleteFrom('recurring_runs').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async countRuns(id, filter = {}) {
      if (filter.states?.length === 0) return 0;
      let select = db.selectFrom('runs').where('recurring_run_id', '=', id);
      if (filter.states !== undefined) select = select.where('state', 'in', filter.states);
      if (filter.displayName !== undefined) select = select.where('display_name', '=', filter.displayName);
      const row = await select.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toRow(rr: RecurringRunRecord): Insertable<RecurringRunsTable> {
  return {
    id: rr.id,
    display_name: rr.displayName,
    description: rr.description,
    experiment_id: rr.experimentId,
    namespace: rr.namespace,
    spec_text: rr.specText,
    pipeline_id: rr.pipelineVersion?.pipelineId ?? null,
    pipeline_version_id: rr.pipelineVersion?.pipelineVersionId ?? null,
    parameters: toJsonText(rr.parameters),
    pipeline_root: rr.pipelineRoot,
    service_account: rr.serviceAccount,
    max_concurrency: rr.maxConcurrency,
    trigger: toJsonText(rr.trigger),
    status: rr.status,
    no_catchup: rr.noCatchup ? 1 : 0,
    created_at_ms: rr.createdAtMs,
    updated_at_ms: rr.updatedAtMs,
    last_scheduled_at_ms: rr.lastScheduledAtMs,
    error: rr.error,
  };
}

function toPatchRow(patch: RecurringRunPatch): Updateable<RecurringRunsTable> {
  const set: Updateable<RecurringRunsTable> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.updatedAtMs !== undefined) set.updated_at_ms = patch.updatedAtMs;
  if (patch.lastScheduledAtMs !== undefined) set.last_scheduled_at_ms = patch.lastScheduledAtMs;
  if (patch.error !== undefined) set.error = patch.error;
  return set;
}

function fromRow(row: Selectable<RecurringRunsTable>): RecurringRunRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    description: row.description,
    experimentId: row.experiment_id,
    namespace: row.namespace,
    specText: row.spec_text,
    pipelineVersion:
      row.pipeline_id !== null && row.pipeline_version_id !== null
        ? { pipelineId: row.pipeline_id, pipelineVersionId: row.pipeline_version_id }
        : null,
    parameters: fromJsonText<RecurringRunRecord['parameters']>(row.parameters),
    pipelineRoot: row.pipeline_root,
    serviceAccount: row.service_account,
    maxConcurrency: Number(row.max_concurrency),
    trigger: fromJsonText<RecurringTrigger>(row.trigger),
    status: row.status as RecurringRunStatus,
    noCatchup: Number(row.no_catchup) === 1,
    createdAtMs: fromEpochMs(row.created_at_ms),
    updatedAtMs: fromEpochMs(row.updated_at_ms),
    lastScheduledAtMs: fromNullableEpochMs(row.last_scheduled_at_ms),
    error: row.error,
  };
}
