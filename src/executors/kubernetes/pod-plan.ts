import { z } from 'zod';
import type { StorageProvider } from '../../config/index.js';
import type { AttemptContext, AttemptRequest } from '../../engine/ports.js';
import { SkiffError } from '../../errors/index.js';
import type { ComponentSpec, ContainerSpec } from '../../ir/types.js';
import type { IoValues } from '../../metadata/records.js';
import { POD_PLAN_ENV } from './plan-env.js';

/** Where Skiff's shared volume is mounted in both containers of a task pod. */
export const POD_DIR = '/skiff';
/**
 * Under which runs' workspaces are in task pods: `{{$.workspace_path}}` is `<this>/<run id>`, the
 * run's claim mounted there, or a directory of the pod's shared volume.
 */
export const POD_WORKSPACE_ROOT = `${POD_DIR}/workspace`;

/**
 * A storage provider as a pod receives it: every setting the server resolved, with the credentials
 * replaced by the names of the sidecar's environment variables that hold them (from the one
 * Secret the server manages). A pod has no storage setting of its own.
 */
export type PodProvider = Omit<StorageProvider, 'credentials' | 'credentialsNote'> & {
  readonly credentialsEnv: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
};

/** What the sidecar of one attempt's pod needs to stage, wait, collect and upload: JSON in SKIFF_POD_PLAN. */
export interface PodPlan {
  readonly version: 1;
  readonly context: AttemptContext;
  readonly component: ComponentSpec & { readonly kind: 'executor' };
  readonly container: ContainerSpec;
  readonly inputs: IoValues;
  readonly kfpRuntime: 'auto' | 'installed' | 'pip';
  readonly storage: {
    readonly providers: readonly PodProvider[];
    readonly retry: { readonly maxAttempts: number; readonly budgetSeconds: number };
  };
}

/** The plan of an attempt: its request without what only the server holds (signal, slots, platform config). */
export function podPlanOf(
  request: AttemptRequest,
  settings: Pick<PodPlan, 'kfpRuntime' | 'storage'>,
): PodPlan {
  return {
    version: 1,
    context: request.context,
    component: request.component,
    container: request.container,
    inputs: request.inputs,
    ...settings,
  };
}

const planShape = z.looseObject({
  version: z.literal(1),
  context: z.looseObject({ runId: z.string(), taskPath: z.string(), attempt: z.number().int().min(1) }),
  component: z.looseObject({ kind: z.literal('executor'), outputs: z.looseObject({}) }),
  container: z.looseObject({ image: z.string(), command: z.array(z.string()), args: z.array(z.string()) }),
  inputs: z.looseObject({ parameters: z.looseObject({}), artifacts: z.looseObject({}) }),
  kfpRuntime: z.enum(['auto', 'installed', 'pip']),
  storage: z.looseObject({ providers: z.array(z.looseObject({})), retry: z.looseObject({}) }),
});

/**
 * Read the plan the server put in the sidecar's environment. A missing or malformed plan means the
 * pod was not made by this version of Skiff: SKIFF_K8S_PLAN.
 */
export function parsePodPlan(text: string | undefined): PodPlan {
  if (text === undefined || text === '') {
    throw new SkiffError(
      'SKIFF_K8S_PLAN',
      `${POD_PLAN_ENV} is not set: this command runs inside task pods made by skiff`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SkiffError('SKIFF_K8S_PLAN', `${POD_PLAN_ENV} is not JSON`, { cause });
  }
  const parsed = planShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SkiffError(
      'SKIFF_K8S_PLAN',
      `${POD_PLAN_ENV} is not a plan of this Skiff version: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      { fix: 'Use the same Skiff version for the server and executor.kubernetes.image.' },
    );
  }
  return parsed.data as unknown as PodPlan;
}
