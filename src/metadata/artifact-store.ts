import type { Insertable, Kysely, Selectable } from 'kysely';
import { fromEpochMs, fromJsonText, toJsonText } from './codec.js';
import type { ArtifactStore } from './metadata-store.js';
import type { ArtifactEvent, ArtifactRecord, RunLineage } from './records.js';
import type { ArtifactEventsTable, ArtifactsTable, Database } from './schema.js';
import { guardWrite } from './write-error.js';

// 4 parameters per event: 150 rows stay under SQLite's historical 999-parameter limit.
const EVENTS_PER_INSERT = 150;

/** The artifact and lineage store over a Kysely database. Adding an event twice records it once. */
export function createArtifactStore(db: Kysely<Database>): ArtifactStore {
  return {
    async create(artifact) {
      await guardWrite(`artifact ${artifact.id} ("${artifact.name}" of run ${artifact.runId})`, () =>
        db.insertInto('artifacts').values(toRow(artifact)).execute(),
      );
    },

    async get(id) {
      const row = await db.selectFrom('artifacts').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async listByRun(runId) {
      const rows = await db
        .selectFrom('artifacts')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },

    async addEvents(events) {
      if (events.length === 0) return;
      const rows = events.map(toEventRow);
      const what = `lineage events of task ${events[0]?.taskId}`;
      if (rows.length <= EVENTS_PER_INSERT) {
        await guardWrite(what, () => insertEvents(db, rows));
        return;
      }
      await guardWrite(what, () =>
        db.transaction().execute(async (trx) => {
          for (let i = 0; i < rows.length; i += EVENTS_PER_INSERT) {
            await insertEvents(trx, rows.slice(i, i + EVENTS_PER_INSERT));
          }
        }),
      );
    },

    async listEvents(taskId) {
      const rows = await db
        .selectFrom('artifact_events')
        .select(['artifact_id', 'task_id', 'type', 'name'])
        .where('task_id', '=', taskId)
        .orderBy('seq')
        .execute();
      return rows.map(fromEventRow);
    },

    async listByRunsOfType(runIds, schemaTitle) {
      if (runIds.length === 0) return [];
      const rows = await db
        .selectFrom('artifacts')
        .selectAll()
        .where('run_id', 'in', [...runIds])
        .where('schema_title', '=', schemaTitle)
        .orderBy('run_id')
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },

    listLineageOfRun(runId) {
      return listRunLineage(db, runId);
    },
  };
}

/** Events of the run's tasks, and events of the run's artifacts by any task. */
async function listRunLineage(db: Kysely<Database>, runId: string): Promise<RunLineage> {
  const taskIds = db.selectFrom('tasks').select('id').where('run_id', '=', runId);
  const artifactIds = db.selectFrom('artifacts').select('id').where('run_id', '=', runId);
  const events = db
    .selectFrom('artifact_events')
    .select(['artifact_id', 'task_id', 'type', 'name'])
    .where((eb) => eb.or([eb('task_id', 'in', taskIds), eb('artifact_id', 'in', artifactIds)]))
    .orderBy('seq')
    .execute();
  // Artifacts of other runs that this run's tasks read (e.g. through a cache hit) are listed too.
  const readOrWritten = db
    .selectFrom('artifact_events')
    .select('artifact_id')
    .where('task_id', 'in', taskIds);
  const artifacts = db
    .selectFrom('artifacts')
    .selectAll()
    .where((eb) => eb.or([eb('run_id', '=', runId), eb('id', 'in', readOrWritten)]))
    .orderBy('created_at_ms')
    .orderBy('id')
    .execute();
  // Both go out together (a pooled database answers them at once).
  const [eventRows, rows] = await Promise.all([events, artifacts]);
  return { artifacts: rows.map(fromRow), events: eventRows.map(fromEventRow) };
}

function fromEventRow(
  row: Pick<Selectable<ArtifactEventsTable>, 'artifact_id' | 'task_id' | 'type' | 'name'>,
): ArtifactEvent {
  return {
    artifactId: row.artifact_id,
    taskId: row.task_id,
    type: row.type as ArtifactEvent['type'],
    name: row.name,
  };
}

async function insertEvents(db: Kysely<Database>, rows: Insertable<ArtifactEventsTable>[]): Promise<void> {
  await db
    .insertInto('artifact_events')
    .values(rows)
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

function toEventRow(event: ArtifactEvent): Insertable<ArtifactEventsTable> {
  return { artifact_id: event.artifactId, task_id: event.taskId, type: event.type, name: event.name };
}

function toRow(artifact: ArtifactRecord): Insertable<ArtifactsTable> {
  return {
    id: artifact.id,
    run_id: artifact.runId,
    producer_task_id: artifact.producerTaskId,
    name: artifact.name,
    uri: artifact.uri,
    schema_title: artifact.schemaTitle,
    schema_version: artifact.schemaVersion,
    metadata: toJsonText(artifact.metadata),
    created_at_ms: artifact.createdAtMs,
  };
}

function fromRow(row: Selectable<ArtifactsTable>): ArtifactRecord {
  return {
    id: row.id,
    runId: row.run_id,
    producerTaskId: row.producer_task_id,
    name: row.name,
    uri: row.uri,
    schemaTitle: row.schema_title,
    schemaVersion: row.schema_version,
    metadata: fromJsonText<ArtifactRecord['metadata']>(row.metadata),
    createdAtMs: fromEpochMs(row.created_at_ms),
  };
}
