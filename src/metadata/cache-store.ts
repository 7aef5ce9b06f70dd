import type { Kysely } from 'kysely';
import { fromEpochMs, fromJsonText, toJsonText } from './codec.js';
import type { CacheStore } from './metadata-store.js';
import type { IoValues } from './records.js';
import type { Database } from './schema.js';

/** The cache store over a Kysely database; `put` replaces an entry with the same pipeline and key. */
export function createCacheStore(db: Kysely<Database>): CacheStore {
  return {
    async get(pipelineName, key) {
      const row = await db
        .selectFrom('cache_entries')
        .selectAll()
        .where('pipeline_name', '=', pipelineName)
        .where('key', '=', key)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        pipelineName: row.pipeline_name,
        key: row.key,
        taskId: row.task_id,
        runId: row.run_id,
        outputs: fromJsonText<IoValues>(row.outputs),
        createdAtMs: fromEpochMs(row.created_at_ms),
      };
    },

    async put(entry) {
      const replaced = {
        task_id: entry.taskId,
        run_id: entry.runId,
        outputs: toJsonText(entry.outputs),
        created_at_ms: entry.createdAtMs,
      };
      await db
        .insertInto('cache_entries')
        .values({ pipeline_name: entry.pipelineName, key: entry.key, ...replaced })
        .onConflict((conflict) => conflict.columns(['pipeline_name', 'key']).doUpdateSet(replaced))
        .execute();
    },
  };
}
