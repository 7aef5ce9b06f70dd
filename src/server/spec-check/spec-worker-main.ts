// Entry of the spec worker thread (bundled as dist/spec-worker.mjs): runs each SpecJob it is sent,
// one at a time, and answers { id, result } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { runSpecJob, type SpecJob, sentError } from './spec-jobs.js';

/** A job as the pool sends it. */
export interface SpecJobMessage {
  readonly id: number;
  readonly job: SpecJob;
}

parentPort?.on('message', ({ id, job }: SpecJobMessage) => {
  try {
    parentPort?.postMessage({ id, result: runSpecJob(job) });
  } catch (error) {
    parentPort?.postMessage({ id, error: sentError(error) });
  }
});
