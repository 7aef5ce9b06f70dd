// Entry of the spec worker thread (bundled as dist/spec-worker.mjs): runs each SpecJob it is sent,
// one at a time, and answers { id, result } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { runSpecJob, type SpecJobMessage, sentError } from './spec-jobs.js';

parentPort?.on('message', ({ id, job }: SpecJobMessage) => {
  try {
    parentPort?.postMessage({ id, result: runSpecJob(job) });
  } catch (error) {
    parentPort?.postMessage({ id, error: sentError(error) });
  }
});
