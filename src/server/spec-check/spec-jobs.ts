import { isSkiffError, SkiffError } from '../../errors/index.js';
import {
  type JsonValue,
  loadPipelineBytes,
  loadPipelineText,
  type PipelineSpec,
  resolveRunArguments,
} from '../../ir/index.js';
import { specObject } from '../kfp/spec-object.js';

/**
 * Work on a pipeline spec the server may hand to its spec worker: each takes text (or bytes) in
 * and gives back only what the caller needs, so little crosses between threads.
 * - `accept`: load and validate; answers the pipeline's name and description.
 * - `submit`: load, validate and check `parameters` against the spec; answers the name and the run's arguments.
 * - `load`: the whole PipelineSpec (a run about to execute).
 * - `object`: a stored spec as the object the API returns (`specObject`).
 */
export type SpecJob =
  | { readonly kind: 'accept'; readonly source: string; readonly text: string }
  | { readonly kind: 'accept-bytes'; readonly source: string; readonly bytes: Uint8Array }
  | {
      readonly kind: 'submit';
      readonly source: string;
      readonly text: string;
      readonly parameters: Readonly<Record<string, JsonValue>>;
    }
  | { readonly kind: 'load'; readonly source: string; readonly text: string }
  | { readonly kind: 'object'; readonly text: string };

/** A job as the pool sends it to the worker, which answers `{ id, result }` or `{ id, error: SentError }`. */
export interface SpecJobMessage {
  readonly id: number;
  readonly job: SpecJob;
}

/** What an accepted spec tells its caller. */
export interface SpecSummary {
  readonly name: string;
  readonly description: string | undefined;
}

/** What a checked submission tells its caller: the pipeline name and the run's arguments (defaults applied). */
export interface SubmitSummary {
  readonly name: string;
  readonly arguments: Readonly<Record<string, JsonValue>>;
}

/** The answer type of each job kind. */
export interface SpecJobResults {
  readonly accept: SpecSummary;
  readonly 'accept-bytes': SpecSummary;
  readonly submit: SubmitSummary;
  readonly load: PipelineSpec;
  readonly object: unknown;
}

/** Runs `job` on this thread; throws what the IR loader throws (SkiffError for a bad spec). */
export function runSpecJob<J extends SpecJob>(job: J): SpecJobResults[J['kind']] {
  return run(job) as SpecJobResults[J['kind']];
}

function run(job: SpecJob): SpecJobResults[SpecJob['kind']] {
  switch (job.kind) {
    case 'accept':
      return summary(loadPipelineText(job.text, job.source));
    case 'accept-bytes':
      return summary(loadPipelineBytes(job.bytes, job.source));
    case 'submit': {
      const spec = loadPipelineText(job.text, job.source);
      return { name: spec.name, arguments: resolveRunArguments(spec, job.parameters, 'api') };
    }
    case 'load':
      return loadPipelineText(job.text, job.source);
    case 'object':
      return specObject(job.text);
  }
}

function summary(spec: PipelineSpec): SpecSummary {
  return { name: spec.name, description: spec.description };
}

/** An error as it crosses from the worker: a SkiffError's fields, or an internal error's message and stack. */
export type SentError =
  | {
      readonly skiff: true;
      readonly code: SkiffError['code'];
      readonly message: string;
      readonly fix: string;
      readonly location: string | undefined;
    }
  | { readonly skiff: false; readonly message: string; readonly stack: string | undefined };

/** `error` as a structured-cloneable value (see receivedError). */
export function sentError(error: unknown): SentError {
  if (isSkiffError(error)) {
    const { code, message, fix, location } = error;
    return { skiff: true, code, message, fix, location };
  }
  const stack = error instanceof Error ? error.stack : undefined;
  return { skiff: false, message: error instanceof Error ? error.message : String(error), stack };
}

/** The error a SentError stands for: the same SkiffError, or an Error with the worker's stack. */
export function receivedError(sent: SentError): Error {
  if (sent.skiff) {
    return new SkiffError(sent.code, sent.message, {
      fix: sent.fix,
      ...(sent.location === undefined ? {} : { location: sent.location }),
    });
  }
  const error = new Error(`spec worker: ${sent.message}`);
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}
