import type { Kysely } from 'kysely';
import { createArtifactStore } from './artifact-store.js';
import { createAttemptStore } from './attempt-store.js';
import { createCacheStore } from './cache-store.js';
import { createExperimentStore } from './experiment-store.js';
import type { MetadataStore } from './metadata-store.js';
import { createPipelineStore } from './pipeline-store.js';
import { createPipelineVersionStore } from './pipeline-version-store.js';
import { createRecurringRunStore } from './recurring-run-store.js';
import { createRunStore } from './run-store.js';
import type { Database } from './schema.js';
import { createServerLeaseStore } from './server-lease-store.js';
import { createServerSecretStore } from './server-secret-store.js';
import { createTaskStore } from './task-store.js';

/**
 * The metadata store over any migrated Kysely database (SQLite or PostgreSQL): portable SQL,
 * JSON as TEXT, times as BIGINT epoch ms. `close` destroys the Kysely instance.
 */
export function createKyselyMetadataStore(db: Kysely<Database>): MetadataStore {
  let closed: Promise<void> | undefined;
  return {
    runs: createRunStore(db),
    tasks: createTaskStore(db),
    attempts: createAttemptStore(db),
    artifacts: createArtifactStore(db),
    cache: createCacheStore(db),
    pipelines: createPipelineStore(db),
    pipelineVersions: createPipelineVersionStore(db),
    experiments: createExperimentStore(db),
    recurringRuns: createRecurringRunStore(db),
    serverSecrets: createServerSecretStore(db),
    serverLeases: createServerLeaseStore(db),
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}
