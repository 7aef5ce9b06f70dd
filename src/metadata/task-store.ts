import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { SkiffError } from '../errors/index.js';
import { attemptRow } from './attempt-store.js';
import { fromEpochMs, fromNullableEpochMs, fromNullableJsonText, toNullableJsonText } from './codec.js';
import type { TaskPatch, TaskStore } from './metadata-store.js';
import { QueryTemplates } from './query-templates.js';
import type { IoValues, TaskKind, TaskRecord, TaskState } from './records.js';
import type { Database, TasksTable } from './schema.js';
import { guardWrite } from './write-error.js';

/** Tasks a run retry keeps as they are (KFP/Argo `retry`): they never run again. */
const KEPT_STATES: ReadonlySet<string> = new Set<TaskState>(['SUCCEEDED', 'CACHED']);
/** Bound on the ids of one UPDATE ... IN (...), far below either database's parameter limit. */
const IDS_PER_UPDATE = 500;
/** What a reset task forgets: everything its earlier round resolved (inputs are resolved again). */
const RESET = {
  state: 'PENDING',
  started_at_ms: null,
  finished_at_ms: null,
  inputs: null,
  outputs: null,
  cache_key: null,
  cached_from: null,
  error: null,
} as const;

/** The task store over a Kysely database; `seq` gives creation order. */
export function createTaskStore(db: Kysely<Database>): TaskStore {
  const templates = new QueryTemplates(db as Kysely<unknown>);
  return {
    async create(task) {
      await guardWrite(`task ${task.id} ("${task.path}" of run ${task.runId})`, () =>
        templates.execute('insert', toRow(task), (row) => db.insertInto('tasks').values(row)),
      );
    },

    async createWithAttempt(task, attempt) {
      if (attempt.taskId !== task.id || attempt.runId !== task.runId) {
        throw new SkiffError(
          'SKIFF_INTERNAL',
          `attempt ${attempt.number} of task ${attempt.taskId} (run ${attempt.runId}) cannot be created with task ${task.id} (run ${task.runId})`,
        );
      }
      const what = `task ${task.id} ("${task.path}" of run ${task.runId}) or its attempt ${attempt.number}`;
      // One transaction: on PostgreSQL two separate writes may run on two pooled connections, the
      // attempt's before its task's; on SQLite it commits at once when no other write is queued.
      await guardWrite(what, () =>
        db.transaction().execute(async (trx) => {
          await templates.execute('insert', toRow(task), (row) => db.insertInto('tasks').values(row), trx);
          await templates.execute(
            'insert attempt',
            attemptRow(attempt),
            (row) => db.insertInto('attempts').values(row),
            trx,
          );
        }),
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

    async resetUnsucceeded(runId) {
      return db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('tasks')
          .select(['id', 'path', 'parent_path', 'state', 'retry_round'])
          .where('run_id', '=', runId)
          .execute();
        const ids = idsToReset(rows);
        if (ids.length === 0) return 0;
        const round = rows.reduce((max, row) => Math.max(max, Number(row.retry_round)), 0) + 1;
        for (let i = 0; i < ids.length; i += IDS_PER_UPDATE) {
          await trx
            .updateTable('tasks')
            .set({ ...RESET, retry_round: round })
            .where('run_id', '=', runId)
            .where('id', 'in', ids.slice(i, i + IDS_PER_UPDATE))
            .execute();
        }
        return ids.length;
      });
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

/**
 * Ids of the tasks a retry resets: every task that did not succeed, unless a task above it is kept
 * (a condition-skipped task inside a succeeded sub-DAG stays as it is: nothing would run it again).
 */
function idsToReset(
  rows: readonly { id: string; path: string; parent_path: string | null; state: string }[],
): string[] {
  const byPath = new Map(rows.map((row) => [row.path, row]));
  const underKept = (row: { parent_path: string | null }): boolean => {
    for (let path = row.parent_path; path !== null; ) {
      const parent = byPath.get(path);
      if (parent === undefined) return false;
      if (KEPT_STATES.has(parent.state)) return true;
      path = parent.parent_path;
    }
    return false;
  };
  return rows.filter((row) => !KEPT_STATES.has(row.state) && !underKept(row)).map((row) => row.id);
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
    retry_round: task.retryRound,
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
    retryRound: Number(row.retry_round),
  };
}
