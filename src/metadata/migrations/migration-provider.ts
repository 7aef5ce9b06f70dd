import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './001-initial.js';
import { runStorageMigration } from './002-run-storage.js';
import { pipelinesExperimentsMigration } from './003-pipelines-experiments.js';
import { runApiFieldsMigration } from './004-run-api-fields.js';
import { recurringRunsMigration } from './005-recurring-runs.js';
import { taskRetryRoundMigration } from './006-task-retry-round.js';
import { recurringRunListsMigration } from './007-recurring-run-lists.js';
import { serverSecretsMigration } from './008-server-secrets.js';
import { serverLeasesMigration } from './009-server-leases.js';
import { attemptNoteMigration } from './010-attempt-note.js';
import { runStorageStateIndexMigration } from './011-run-storage-state-index.js';
import type { SqlDialectName } from './sql-dialect.js';

/** The metadata store's migrations, in code (no files read at run time), named in apply order. */
export function metadataMigrationProvider(dialect: SqlDialectName): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '001-initial': initialMigration(dialect),
        '002-run-storage': runStorageMigration(),
        '003-pipelines-experiments': pipelinesExperimentsMigration(),
        '004-run-api-fields': runApiFieldsMigration(),
        '005-recurring-runs': recurringRunsMigration(),
        '006-task-retry-round': taskRetryRoundMigration(),
        '007-recurring-run-lists': recurringRunListsMigration(),
        '008-server-secrets': serverSecretsMigration(),
        '009-server-leases': serverLeasesMigration(),
        '010-attempt-note': attemptNoteMigration(),
        '011-run-storage-state-index': runStorageStateIndexMigration(),
      };
    },
  };
}
