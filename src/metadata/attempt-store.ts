import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { FailureKind } from '../errors/index.js';
import { SkiffError } from '../errors/index.js';
import { fromEpochMs, fromNullableEpochMs } from './codec.js';
import type { AttemptPatch, AttemptStore } from './metadata-store.js';
import { QueryTemplates } from './query-templates.js';
import type { AttemptRecord, AttemptState } from './records.js';
import type { AttemptsTable, Database } from './schema.js';
import { guardWrite } from './write-error.js';

/** The attempt store over a Kysely database. */
export function createAttemptStore(db: Kysely<Database>): AttemptStore {
  const templates = new QueryTemplates(db as Kysely<unknown>);
  return {
    async create(attempt) {
      await guardWrite(`attempt ${attempt.number} of task ${attempt.taskId}`, () =>
        templates.execute('insert', attemptRow(attempt), (row) => db.insertInto('attempts').values(row)),
      );
    },

    async update(taskId, number, patch) {
      const set = toPatchRow(patch);
      const columns = Object.keys(set);
      if (columns.length === 0) return;
      const values = { ...set, where_task_id: taskId, where_number: number };
      const result = await templates.execute(`update ${columns.join()}`, values, (v) => {
        const { where_task_id, where_number, ...columnValues } = v;
        return db
          .updateTable('attempts')
          .set(columnValues)
          .where('task_id', '=', where_task_id)
          .where('number', '=', where_number);
      });
      if (result.numAffectedRows === 0n) {
        throw new SkiffError(
          'SKIFF_TASK_NOT_FOUND',
          `attempt ${number} of task ${taskId} cannot be updated: the task has no such attempt`,
        );
      }
    },

    async listByTask(taskId) {
      const rows = await db
        .selectFrom('attempts')
        .selectAll()
        .where('task_id', '=', taskId)
        .orderBy('number')
        .execute();
      return rows.map(fromRow);
    },

    async listByRun(runId) {
      const rows = await db
        .selectFrom('attempts')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('started_at_ms')
        .orderBy('task_id')
        .orderBy('number')
        .execute();
      return rows.map(fromRow);
    },
  };
}

/** The row of an attempt as inserted. */
export function attemptRow(attempt: AttemptRecord): Insertable<AttemptsTable> {
  return {
    task_id: attempt.taskId,
    run_id: attempt.runId,
    number: attempt.number,
    state: attempt.state,
    started_at_ms: attempt.startedAtMs,
    finished_at_ms: attempt.finishedAtMs,
    exit_code: attempt.exitCode,
    failure_kind: attempt.failureKind,
    message: attempt.message,
    log_uri: attempt.logUri,
    next_retry_at_ms: attempt.nextRetryAtMs,
    retry_round: attempt.retryRound,
    note: attempt.note ?? null,
  };
}

function toPatchRow(patch: AttemptPatch): Updateable<AttemptsTable> {
  const set: Updateable<AttemptsTable> = {};
  if (patch.state !== undefined) set.state = patch.state;
  if (patch.finishedAtMs !== undefined) set.finished_at_ms = patch.finishedAtMs;
  if (patch.exitCode !== undefined) set.exit_code = patch.exitCode;
  if (patch.failureKind !== undefined) set.failure_kind = patch.failureKind;
  if (patch.message !== undefined) set.message = patch.message;
  if (patch.logUri !== undefined) set.log_uri = patch.logUri;
  if (patch.nextRetryAtMs !== undefined) set.next_retry_at_ms = patch.nextRetryAtMs;
  if (patch.note !== undefined) set.note = patch.note;
  return set;
}

function fromRow(row: Selectable<AttemptsTable>): AttemptRecord {
  return {
    taskId: row.task_id,
    runId: row.run_id,
    number: Number(row.number),
    state: row.state as AttemptState,
    startedAtMs: fromEpochMs(row.started_at_ms),
    finishedAtMs: fromNullableEpochMs(row.finished_at_ms),
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    failureKind: row.failure_kind as FailureKind | null,
    message: row.message,
    logUri: row.log_uri,
    nextRetryAtMs: fromNullableEpochMs(row.next_retry_at_ms),
    retryRound: Number(row.retry_round),
    ...(row.note === null || row.note === undefined ? {} : { note: row.note }),
  };
}
