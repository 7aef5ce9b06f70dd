export {
  runSpecJob,
  type SpecJob,
  type SpecJobResults,
  type SpecSummary,
  type SubmitSummary,
} from './spec-jobs.js';
export { OFF_THREAD_SPEC_BYTES, SPEC_WORKER_HEAP_MB, SPEC_WORKER_PATH, SpecPool } from './spec-pool.js';
