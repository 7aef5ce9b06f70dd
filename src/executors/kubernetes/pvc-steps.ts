import { createHash } from 'node:crypto';
import type { V1PersistentVolumeClaim, V1PersistentVolumeClaimSpec } from '@kubernetes/client-node';
import { SkiffError } from '../../errors/index.js';
import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import { stubImageKind } from '../../launcher/kubernetes/stub-images.js';
import { isDnsSubdomain, toDnsLabel } from './k8s-names.js';
import { ACCESS_MODES } from './platform-volumes.js';
import { isQuantity } from './quantity.js';

/** The label every PVC Skiff creates carries: the id of the run that made it. */
export const RUN_LABEL = 'skiff.dev/run';

/** What a KFP CreatePVC / DeletePVC step does: create this claim (and output its name), or delete one. */
export type PvcStep =
  | {
      readonly kind: 'create';
      readonly pvc: V1PersistentVolumeClaim;
      readonly outputs: { readonly name: string };
    }
  | { readonly kind: 'delete'; readonly name: string };

/** The step's run, task, executor image and resolved input parameters. */
export interface PvcStepContext {
  readonly runId: string;
  /** Unique path of the task in the run (`for-loop-2[1].createpvc`): steps in loop iterations get distinct names. */
  readonly taskPath: string;
  readonly executorLabel: string;
  readonly image: string;
  readonly parameters: Readonly<Record<string, JsonValue>>;
}

/** The step, undefined when the image is not a PVC stub, or a SKIFF_K8S_PLATFORM error for a bad input. */
export type PvcStepResult =
  | { readonly ok: true; readonly step: PvcStep }
  | { readonly ok: false; readonly error: SkiffError };

/**
 * Plans a KFP `kubernetes.CreatePVC` (image `argostub/createpvc`) or `DeletePVC` step from its inputs,
 * as KFP's driver does, except that the generated name is stable for the run and task instead of a
 * random UUID, so a retried or resumed step finds the claim it made: `<runId>-<hash of taskPath>`
 * followed by `pvc_name_suffix` (KFP: `<uuid><pvc_name_suffix>`). An absent storage_class_name leaves
 * the cluster's default class (KFP's driver writes "standard"); '' asks for a statically bound volume.
 */
export function pvcStep(ctx: PvcStepContext): PvcStepResult | undefined {
  const kind = stubImageKind(ctx.image);
  if (kind === undefined) return undefined;
  try {
    return { ok: true, step: kind === 'createpvc' ? createStep(ctx) : deleteStep(ctx) };
  } catch (error) {
    if (error instanceof SkiffError) return { ok: false, error };
    throw error;
  }
}

function createStep(ctx: PvcStepContext): PvcStep {
  const name = claimName(ctx);
  const size = text(ctx, 'size');
  if (size === undefined || !isQuantity(size)) {
    fail(
      ctx,
      'size',
      `is ${JSON.stringify(size ?? null)}, not a storage size`,
      'Pass size="5Gi" (a Kubernetes quantity).',
    );
  }
  const spec: V1PersistentVolumeClaimSpec = {
    accessModes: accessModes(ctx),
    resources: { requests: { storage: size } },
  };
  const storageClass = param(ctx, 'storage_class_name');
  if (typeof storageClass === 'string') spec.storageClassName = storageClass;
  const volumeName = text(ctx, 'volume_name');
  if (volumeName !== undefined) spec.volumeName = volumeName;
  const dataSource = param(ctx, 'data_source');
  if (isJsonObject(dataSource) && Object.keys(dataSource).length > 0) {
    const { apiGroup, kind, name: sourceName } = dataSource;
    if (typeof kind !== 'string' || typeof sourceName !== 'string') {
      fail(
        ctx,
        'data_source',
        `is ${JSON.stringify(dataSource)}`,
        'Pass {"kind": ..., "name": ...} and, for a snapshot, "apiGroup".',
      );
    }
    spec.dataSource = { kind, name: sourceName, ...(typeof apiGroup === 'string' ? { apiGroup } : {}) };
  }
  const metadata = { name, labels: { [RUN_LABEL]: ctx.runId }, annotations: annotations(ctx) };
  return {
    kind: 'create',
    pvc: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec },
    outputs: { name },
  };
}

function deleteStep(ctx: PvcStepContext): PvcStep {
  const name = text(ctx, 'pvc_name');
  if (name === undefined)
    fail(
      ctx,
      'pvc_name',
      'is missing',
      'Pass the name of the PVC to delete, e.g. CreatePVC(...).outputs["name"].',
    );
  return { kind: 'delete', name: checkName(ctx, 'pvc_name', name) };
}

/** pvc_name as given, or the run-scoped name with pvc_name_suffix; at most one of the two (as in KFP). */
function claimName(ctx: PvcStepContext): string {
  const given = text(ctx, 'pvc_name');
  const suffix = text(ctx, 'pvc_name_suffix');
  if (given !== undefined && suffix !== undefined) {
    fail(
      ctx,
      'pvc_name',
      `and pvc_name_suffix are both set ("${given}", "${suffix}")`,
      'Pass only one of pvc_name and pvc_name_suffix.',
    );
  }
  if (given !== undefined) return checkName(ctx, 'pvc_name', given);
  const hash = createHash('sha256').update(ctx.taskPath).digest('hex').slice(0, 8);
  const prefix = `${toDnsLabel(ctx.runId, 200)}-${hash}`;
  return checkName(ctx, 'pvc_name_suffix', `${prefix}${suffix ?? ''}`);
}

function accessModes(ctx: PvcStepContext): string[] {
  const modes = param(ctx, 'access_modes');
  const list = Array.isArray(modes) ? modes : [];
  const bad = list.find((mode) => typeof mode !== 'string' || !ACCESS_MODES.includes(mode));
  if (list.length === 0 || bad !== undefined) {
    fail(
      ctx,
      'access_modes',
      `is ${JSON.stringify(modes ?? null)}${bad === undefined ? '' : `: ${JSON.stringify(bad)} is not an access mode`}`,
      `Pass a list of one or more of ${ACCESS_MODES.join(', ')}.`,
    );
  }
  return list as string[];
}

function annotations(ctx: PvcStepContext): Record<string, string> {
  const value = param(ctx, 'annotations');
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value))
    fail(ctx, 'annotations', `is ${JSON.stringify(value)}`, 'Pass a dict of strings.');
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(result, key, {
      value: typeof item === 'string' ? item : JSON.stringify(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function checkName(ctx: PvcStepContext, key: string, name: string): string {
  if (!isDnsSubdomain(name)) {
    fail(
      ctx,
      key,
      `makes the PVC name ${JSON.stringify(name)}, which Kubernetes rejects (lowercase letters, digits, '-' and '.', at most 253 characters)`,
      'Use a lowercase name (or suffix) of letters, digits and "-".',
    );
  }
  return name;
}

function param(ctx: PvcStepContext, key: string): JsonValue | undefined {
  return Object.hasOwn(ctx.parameters, key) ? ctx.parameters[key] : undefined;
}

/** A non-empty string input (KFP treats '' as unset). */
function text(ctx: PvcStepContext, key: string): string | undefined {
  const value = param(ctx, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fail(ctx: PvcStepContext, key: string, what: string, fix: string): never {
  const step = stubImageKind(ctx.image) === 'deletepvc' ? 'DeletePVC' : 'CreatePVC';
  const location = `deploymentSpec.executors.${ctx.executorLabel}`;
  throw new SkiffError('SKIFF_K8S_PLATFORM', `task ${ctx.taskPath} (${step}): input "${key}" ${what}`, {
    location,
    fix,
  });
}
