import type { Kysely, Migration } from 'kysely';

/**
 * Adds `note` to attempts: what the attempt ran on when that differs from what its spec asked
 * (say, the local Python that stood in for image `python:3.7`), shown by `skiff runs get` and the API.
 */
export function attemptNoteMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('attempts').addColumn('note', 'text').execute();
    },
  };
}
