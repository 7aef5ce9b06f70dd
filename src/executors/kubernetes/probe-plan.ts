import { z } from 'zod';
import { SkiffError } from '../../errors/index.js';
import { TERMINATION_MESSAGE_MAX_BYTES } from './pod-outcome.js';
import type { PodPlan } from './pod-plan.js';

/** The environment variable that carries the probe plan to `skiff pod-probe`. */
export const PROBE_PLAN_ENV = 'SKIFF_PROBE_PLAN';

/** What `skiff doctor`'s probe pod checks: the pipeline root, through the providers task pods receive. */
export interface ProbePlan {
  readonly version: 1;
  readonly pipelineRoot: string;
  /** Where the root was set, for messages. */
  readonly pipelineRootSource: string;
  readonly storage: PodPlan['storage'];
}

/** One step of the probe as the pod reports it: `resolve` (the root's provider), then dns, tcp, tls, bucket, put, get, delete. */
export interface ProbeStepReport {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly durationMs: number;
  /** Registry code of a failed step. */
  readonly code?: string;
  /** The error of a failed step. */
  readonly message?: string;
  readonly fix?: string;
}

/** What `skiff pod-probe` prints and writes to its termination message. */
export interface ProbeReport {
  readonly ok: boolean;
  readonly rootUri: string;
  /** The endpoint the pod reached for (its URL, or `AWS S3 (region)`); absent when no provider serves the root. */
  readonly endpoint?: string;
  readonly steps: readonly ProbeStepReport[];
}

const planShape = z.object({
  version: z.literal(1),
  pipelineRoot: z.string().min(1),
  pipelineRootSource: z.string(),
  storage: z.looseObject({ providers: z.array(z.looseObject({})), retry: z.looseObject({}) }),
});

/** Read the plan `skiff doctor` put in the probe pod's environment (SKIFF_K8S_PLAN when it is not one). */
export function parseProbePlan(text: string | undefined): ProbePlan {
  if (text === undefined || text === '') {
    throw new SkiffError(
      'SKIFF_K8S_PLAN',
      `${PROBE_PLAN_ENV} is not set: this command runs inside the probe pod that skiff doctor makes`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SkiffError('SKIFF_K8S_PLAN', `${PROBE_PLAN_ENV} is not JSON`, { cause });
  }
  const parsed = planShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SkiffError(
      'SKIFF_K8S_PLAN',
      `${PROBE_PLAN_ENV} is not a probe plan of this Skiff version: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      { fix: 'Use the same Skiff version for skiff doctor and executor.kubernetes.image.' },
    );
  }
  return parsed.data as unknown as ProbePlan;
}

/** The report as one JSON line that fits a termination message (fixes and long messages cut when needed). */
export function probeReportText(report: ProbeReport): string {
  const text = JSON.stringify(report);
  if (Buffer.byteLength(text) <= TERMINATION_MESSAGE_MAX_BYTES) return text;
  const steps = report.steps.map(({ fix: _fix, ...step }) => ({
    ...step,
    detail: step.detail.slice(0, 200),
    ...(step.message === undefined ? {} : { message: step.message.slice(0, 600) }),
  }));
  const trimmed = JSON.stringify({ ...report, steps });
  if (Buffer.byteLength(trimmed) <= TERMINATION_MESSAGE_MAX_BYTES) return trimmed;
  return JSON.stringify({ ...report, steps: steps.filter((step) => !step.ok) });
}

const reportShape = z.object({
  ok: z.boolean(),
  rootUri: z.string(),
  endpoint: z.string().optional(),
  steps: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      detail: z.string(),
      durationMs: z.number(),
      code: z.string().optional(),
      message: z.string().optional(),
      fix: z.string().optional(),
    }),
  ),
});

/** Parse a probe pod's termination message; null when it is not a report. */
export function parseProbeReport(text: string | undefined): ProbeReport | null {
  if (text === undefined) return null;
  try {
    const parsed = reportShape.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as ProbeReport) : null;
  } catch {
    return null;
  }
}
