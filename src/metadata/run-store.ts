import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { SkiffError } from '../errors/index.js';
import {
  fromEpochMs,
  fromJsonText,
  fromNullableEpochMs,
  fromNullableJsonText,
  toJsonText,
  toNullableJsonText,
} from './codec.js';
import { type ListColumns, listPage } from './list-sql.js';
import type { RunPatch, RunQuery, RunStore } from './metadata-store.js';
import type {
  IoValues,
  RunField,
  RunRecord,
  RunState,
  RunStateRecord,
  RunStorage,
  RunStorageState,
} from './records.js';
import { listRunLabels } from './run-labels.js';
import type { Database, RunsTable } from './schema.js';
import { guardWrite } from './write-error.js';

const UNFINISHED: readonly RunState[] = ['PENDING', 'RUNNING', 'CANCELING'];
// SQLite needs a LIMIT to accept an OFFSET; this one never binds.
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** Columns of the run fields API lists filter and sort by. */
export const RUN_COLUMNS: ListColumns<RunField> = {
  id: { column: 'id' },
  displayName: { column: 'display_name' },
  state: { column: 'state' },
  storageState: { column: 'storage_state' },
  experimentId: { column: 'experiment_id' },
  pipelineId: { column: 'pipeline_id' },
  pipelineVersionId: { column: 'pipeline_version_id' },
  recurringRunId: { column: 'recurring_run_id' },
  createdAtMs: { column: 'created_at_ms', numeric: true },
  finishedAtMs: { column: 'finished_at_ms', numeric: true },
};

/** The run store over a Kysely database. */
export function createRunStore(db: Kysely<Database>): RunStore {
  return {
    async create(run) {
      await guardWrite(`run ${run.id}`, () => db.insertInto('runs').values(toRow(run)).execute());
    },

    async get(id) {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async update(id, patch) {
      const set = toPatchRow(patch);
      if (Object.keys(set).length === 0) return;
      const result = await db.updateTable('runs').set(set).where('id', '=', id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        throw new SkiffError('SKIFF_RUN_NOT_FOUND', `run ${id} cannot be updated: no run has this id`);
      }
    },

    async list(query: RunQuery = {}) {
      if (query.states?.length === 0) return [];
      let select = db.selectFrom('runs').selectAll();
      if (query.states !== undefined) select = select.where('state', 'in', query.states);
      if (query.limit !== undefined || query.offset !== undefined)
        select = select.limit(query.limit ?? NO_LIMIT);
      if (query.offset !== undefined) select = select.offset(query.offset);
      const rows = await select.orderBy('created_at_ms', 'desc').orderBy('id', 'desc').execute();
      return rows.map(fromRow);
    },

    async listPage(query) {
      const page = await listPage(db.selectFrom('runs'), query, RUN_COLUMNS);
      return { ...page, items: page.items.map((row) => fromRow(row as Selectable<RunsTable>)) };
    },

    listLabels(runIds) {
      return listRunLabels(db, runIds);
    },

    async delete(id) {
      const result = await db.deleteFrom('runs').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async listStates(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('runs').select(STATE_COLUMNS).where('id', 'in', ids).execute();
      return rows.map(fromStateRow);
    },

    async listRecentStates(newest) {
      const rows = await db
        .selectFrom('runs')
        .select(STATE_COLUMNS)
        .where((eb) =>
          eb.or([
            eb('state', 'in', UNFINISHED),
            eb(
              'id',
              'in',
              eb
                .selectFrom('runs as newest')
                .select('newest.id')
                .orderBy('newest.created_at_ms', 'desc')
                .orderBy('newest.id', 'desc')
                .limit(newest),
            ),
          ]),
        )
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(fromStateRow);
    },

    async listUnfinished() {
      const rows = await db
        .selectFrom('runs')
        .selectAll()
        .where('state', 'in', UNFINISHED)
        .orderBy('created_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromRow);
    },
  };
}

const STATE_COLUMNS = [
  'id',
  'display_name',
  'state',
  'created_at_ms',
  'started_at_ms',
  'finished_at_ms',
  'error',
] as const;

function fromStateRow(row: Pick<Selectable<RunsTable>, (typeof STATE_COLUMNS)[number]>): RunStateRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    state: row.state as RunState,
    createdAtMs: fromEpochMs(row.created_at_ms),
    startedAtMs: fromNullableEpochMs(row.started_at_ms),
    finishedAtMs: fromNullableEpochMs(row.finished_at_ms),
    error: row.error,
  };
}

function toRow(run: RunRecord): Insertable<RunsTable> {
  return {
    id: run.id,
    pipeline_name: run.pipelineName,
    display_name: run.displayName,
    spec_text: run.specText,
    arguments: toJsonText(run.arguments),
    pipeline_root: run.pipelineRoot,
    state: run.state,
    created_at_ms: run.createdAtMs,
    started_at_ms: run.startedAtMs,
    finished_at_ms: run.finishedAtMs,
    options: toJsonText(run.options),
    outputs: toNullableJsonText(run.outputs),
    error: run.error,
    storage: toNullableJsonText(run.storage),
    experiment_id: run.experimentId,
    description: run.description,
    storage_state: run.storageState,
    pipeline_id: run.pipelineVersion?.pipelineId ?? null,
    pipeline_version_id: run.pipelineVersion?.pipelineVersionId ?? null,
    recurring_run_id: run.recurringRunId,
    scheduled_at_ms: run.scheduledAtMs,
  };
}

function toPatchRow(patch: RunPatch): Updateable<RunsTable> {
  const set: Updateable<RunsTable> = {};
  if (patch.state !== undefined) set.state = patch.state;
  if (patch.startedAtMs !== undefined) set.started_at_ms = patch.startedAtMs;
  if (patch.finishedAtMs !== undefined) set.finished_at_ms = patch.finishedAtMs;
  if (patch.outputs !== undefined) set.outputs = toNullableJsonText(patch.outputs);
  if (patch.error !== undefined) set.error = patch.error;
  if (patch.pipelineRoot !== undefined) set.pipeline_root = patch.pipelineRoot;
  if (patch.storage !== undefined) set.storage = toNullableJsonText(patch.storage);
  if (patch.storageState !== undefined) set.storage_state = patch.storageState;
  if (patch.experimentId !== undefined) set.experiment_id = patch.experimentId;
  return set;
}

function fromRow(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    pipelineName: row.pipeline_name,
    displayName: row.display_name,
    specText: row.spec_text,
    arguments: fromJsonText<RunRecord['arguments']>(row.arguments),
    pipelineRoot: row.pipeline_root,
    state: row.state as RunState,
    createdAtMs: fromEpochMs(row.created_at_ms),
    scheduledAtMs: fromEpochMs(row.scheduled_at_ms ?? row.created_at_ms),
    startedAtMs: fromNullableEpochMs(row.started_at_ms),
    finishedAtMs: fromNullableEpochMs(row.finished_at_ms),
    options: fromJsonText<RunRecord['options']>(row.options),
    outputs: fromNullableJsonText<IoValues>(row.outputs),
    error: row.error,
    storage: fromNullableJsonText<RunStorage>(row.storage),
    experimentId: row.experiment_id,
    description: row.description,
    storageState: row.storage_state as RunStorageState,
    pipelineVersion:
      row.pipeline_id !== null && row.pipeline_version_id !== null
        ? { pipelineId: row.pipeline_id, pipelineVersionId: row.pipeline_version_id }
        : null,
    recurringRunId: row.recurring_run_id,
  };
}
