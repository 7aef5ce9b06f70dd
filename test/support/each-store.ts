import { afterAll, describe, it } from 'vitest';
import { freshDatabase, startPostgres } from './postgres.js';

/** Environment for a test server on one metadata store (empty for SQLite, SKIFF_METADATA_URL for PostgreSQL). */
export type StoreEnv = () => Promise<Record<string, string>>;

/**
 * Registers `suite` twice: on the embedded SQLite store and on a real PostgreSQL (a fresh database
 * named `<prefix>_...` each time `env()` is called). When PostgreSQL cannot start, its half is a
 * skipped describe that says why.
 */
export async function onEachMetadataStore(
  title: string,
  prefix: string,
  suite: (store: 'SQLite' | 'PostgreSQL', env: StoreEnv) => void,
): Promise<void> {
  suite('SQLite', async () => ({}));
  const postgres = await startPostgres();
  if ('reason' in postgres) {
    describe.skip(`${title} (PostgreSQL skipped: ${postgres.reason})`, () => {
      it(`runs the ${title} suite on PostgreSQL`, () => undefined);
    });
    return;
  }
  afterAll(() => postgres.stop());
  suite('PostgreSQL', async () => ({ SKIFF_METADATA_URL: await freshDatabase(postgres, prefix) }));
}
