import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { SkiffError } from '../errors/index.js';
import { fromEpochMs, fromNullableEpochMs, fromNullableJsonText, toNullableJsonText } from './codec.js';
import type { TaskPatch, TaskStore } from './metadata-store.js';
import { QueryTemplates } from './query-templates.js';
import type { IoValues, TaskKind, TaskRecord, TaskState } from './records.js';
import type { Database, TasksTable } from './schema.js';
import { guardWrite } from './write-error.js';

/** The task store over a Kysely database; `seq` gives creation order. */
export function createTaskStore(db: Kysely<Database>): TaskStore {
  const templates = new QueryTemplates(db as Kysely<unknown>);
  return {
    async create(task) {
      await guardWrite(`task ${task.id} ("${task.path}" of run ${task.runId})`, () =>
        templates.execute('insert', toRow(task), (row) => db.insertInto('tasks').values(row)),
      );
    },

    async update(id, patch) {
      const set = toPatchRow(patch);
      const columns = Object.keys(set);
      if (columns.length === 0) return;
      const result = await templates.execute(`update ${columns.join()}`, { ...set, where_id: id }, (v) => {
        const { where_id, ...values } = v;
        return db.updateTable('tasks').set(values).where('id', '=', where_id);
      });
      if (result.numAffectedRows === 0n) {
        throw new SkiffError('SKIFF_TASK_NOT_FOUND', `task ${id} cannot be updated: no task has this id`);
      }
    },

    async deleteUnsucceeded(runId) {
      const result = await db
        .deleteFrom('tasks')
        .where('run_id', '=', runId)
        .where('state', 'not in', ['SUCCEEDED', 'CACHED'])
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async get(id) {
      const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async listByRun(runId) {
      const rows = await db
        .selectFrom('tasks')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('seq')
        .execute();
      return rows.map(fromRow);
    },
  };
}

function toRow(task: TaskRecord): Insertable<TasksTable> {
  return {
    id: task.id,
    run_id: task.runId,
    path: task.path,
    parent_path: task.parentPath,
    name: task.name,
    kind: task.kind,
    state: task.state,
    created_at_ms: task.createdAtMs,
    started_at_ms: task.startedAtMs,
    finished_at_ms: task.finishedAtMs,
    inputs: toNullableJsonText(task.inputs),
    outputs: toNullableJsonText(task.outputs),
    cache_key: task.cacheKey,
    cached_from: task.cachedFrom,
    max_attempts: task.maxAttempts,
    error: task.error,
  };
}

function toPatchRow(patch: TaskPatch): Updateable<TasksTable> {
  const set: Updateable<TasksTable> = {};
  if (patch.state !== undefined) set.state = patch.state;
  if (patch.startedAtMs !== undefined) set.started_at_ms = patch.startedAtMs;
  if (patch.finishedAtMs !== undefined) set.finished_at_ms = patch.finishedAtMs;
  if (patch.inputs !== undefined) set.inputs = toNullableJsonText(patch.inputs);
  if (patch.outputs !== undefined) set.outputs = toNullableJsonText(patch.outputs);
  if (patch.cacheKey !== undefined) set.cache_key = patch.cacheKey;
  if (patch.cachedFrom !== undefined) set.cached_from = patch.cachedFrom;
  if (patch.error !== undefined) set.error = patch.error;
  if (patch.maxAttempts !== undefined) set.max_attempts = patch.maxAttempts;
  return set;
}

function fromRow(row: Selectable<TasksTable>): TaskRecord {
  return {
    id: row.id,
    runId: row.run_id,
    path: row.path,
    parentPath: row.parent_path,
    name: row.name,
    kind: row.kind as TaskKind,
    state: row.state as TaskState,
    createdAtMs: fromEpochMs(row.created_at_ms),
    startedAtMs: fromNullableEpochMs(row.started_at_ms),
    finishedAtMs: fromNullableEpochMs(row.finished_at_ms),
    inputs: fromNullableJsonText<IoValues>(row.inputs),
    outputs: fromNullableJsonText<IoValues>(row.outputs),
    cacheKey: row.cache_key,
    cachedFrom: row.cached_from,
    maxAttempts: Number(row.max_attempts),
    error: row.error,
  };
}
