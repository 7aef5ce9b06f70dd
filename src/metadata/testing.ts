// Test-only entry: imports vitest, so it is kept out of index.ts (which production code loads).
export {
  makeArtifact,
  makeAttempt,
  makeRecurringRun,
  makeRun,
  makeTask,
  SAMPLE_IO,
  T0,
} from './contract/fixtures.js';
export { seedBeforeRetryRounds } from './contract/upgrade-fixture.js';
export { metadataStoreContract } from './metadata-store.contract.js';
