import { type Kysely, Migrator } from 'kysely';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import { metadataMigrationProvider } from './migration-provider.js';
import type { SqlDialectName } from './sql-dialect.js';

const ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;

/**
 * Brings the schema to the latest migration. Two processes opening a fresh database at once may
 * collide; the loser retries and then finds the migrations applied. `where` names the database in errors.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
  where: string,
): Promise<void> {
  const migrator = new Migrator({ db, provider: metadataMigrationProvider(dialect) });
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return;
    lastError = error;
    // A full disk stays full: say so at once (the migrations were rolled back as one transaction).
    if (isSkiffError(error) && error.code === 'SKIFF_DISK_FULL') throw error;
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    if (attempt === ATTEMPTS) {
      const which = failed ? ` (migration ${failed})` : '';
      // Kysely says "corrupted migrations" when the database records migrations this Skiff does not have.
      const newer = /corrupted migrations/.test(describe(lastError));
      throw new SkiffError(
        'SKIFF_METADATA_OPEN',
        `metadata store ${where} could not be migrated to the current schema${which}: ${describe(lastError)}${newer ? ' (it was migrated by a newer Skiff)' : '; the migrations were rolled back, so nothing was changed'}`,
        {
          fix: newer
            ? 'Upgrade Skiff to the version that created this database, or point metadata.url at another database.'
            : 'Correct the cause named in the message (space, permissions, the server), then run the command again.',
          cause: lastError,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
