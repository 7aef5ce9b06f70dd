export { cacheKeyOf, canonicalJson } from './cache-key.js';
export { createRun, type NewRun } from './create-run.js';
export type { EngineDeps, EngineEvent, EngineOptions } from './engine-deps.js';
export { type ExecuteRunInput, executeRun, runResourceName } from './execute-run.js';
export { isLostAttempt } from './lost-attempt.js';
export type {
  AttemptContext,
  AttemptOutcome,
  AttemptRequest,
  AttemptRunner,
  Clock,
  Logger,
  StorageCheck,
  StorageGate,
} from './ports.js';
export { maxAttempts, nextRetryAtMs, retryDelayMs } from './retry-policy.js';
export { prepareRetry, RETRYABLE_RUN_STATES } from './retry-run.js';
export { Semaphore } from './semaphore.js';
export { systemClock } from './system-clock.js';
