import type { V1ResourceRequirements } from '@kubernetes/client-node';
import { SkiffError } from '../../errors/index.js';
import type { JsonValue, ResourceSpec } from '../../ir/index.js';
import { isQualifiedName } from './k8s-names.js';
import { quantityValue } from './quantity.js';

/** What resource strings resolve against, and whose they are (for messages). */
export interface ResourceContext {
  readonly executorLabel: string;
  /** The task's resolved input parameters, for `{{$.inputs.parameters['x']}}` in resource fields (KFP resolves them at run time). */
  readonly parameters?: Readonly<Record<string, JsonValue>>;
}

/** The main container's requests and limits (undefined when the spec sets none), or a SKIFF_K8S_PLATFORM error. */
export type ContainerResources =
  | { readonly ok: true; readonly resources: V1ResourceRequirements | undefined }
  | { readonly ok: false; readonly error: SkiffError };

const PARAMETER = /\{\{\$\.inputs\.parameters\['([^']*)'\]\}\}/g;
const FIELDS = [
  ['cpuLimit', 'limits', 'cpu'],
  ['memoryLimit', 'limits', 'memory'],
  ['cpuRequest', 'requests', 'cpu'],
  ['memoryRequest', 'requests', 'memory'],
] as const;

/**
 * Maps an IR ResourceSpec to Kubernetes requests and limits: quantities are kept as written ("500m",
 * "1G", "256Mi"; the IR already wrote KFP's numeric memory in GB as "<n>G"), an accelerator becomes
 * `limits[type] = count` (count 1 when only the type is set, none when the count is 0). A field that
 * resolves to '' is left unset, as in KFP.
 */
export function containerResources(spec: ResourceSpec | undefined, ctx: ResourceContext): ContainerResources {
  try {
    return { ok: true, resources: build(spec ?? {}, ctx) };
  } catch (error) {
    if (error instanceof SkiffError) return { ok: false, error };
    throw error;
  }
}

function build(spec: ResourceSpec, ctx: ResourceContext): V1ResourceRequirements | undefined {
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  for (const [key, side, resource] of FIELDS) {
    const text = resolve(spec[key], key, ctx);
    if (text === undefined) continue;
    if (quantityValue(text) === undefined || (quantityValue(text) ?? 0) < 0) {
      fail(
        ctx,
        key,
        `is ${JSON.stringify(text)}, which is not a Kubernetes quantity`,
        QUANTITY_FIX[resource],
      );
    }
    (side === 'limits' ? limits : requests)[resource] = text;
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const request = requests[resource];
    const limit = limits[resource];
    if (request !== undefined && limit !== undefined && quantityValue(request)! > quantityValue(limit)!) {
      fail(
        ctx,
        `${resource}Request`,
        `is ${request}, more than the ${resource} limit ${limit}`,
        'Request at most the limit.',
      );
    }
  }
  accelerator(spec, ctx, limits);
  const result: V1ResourceRequirements = {};
  if (Object.keys(limits).length > 0) result.limits = limits;
  if (Object.keys(requests).length > 0) result.requests = requests;
  return Object.keys(result).length > 0 ? result : undefined;
}

const QUANTITY_FIX = {
  cpu: 'Give CPU as cores or millicores, e.g. "2" or "500m".',
  memory: 'Give memory with a unit, e.g. "512Mi", "4Gi" or "1G".',
} as const;

function accelerator(spec: ResourceSpec, ctx: ResourceContext, limits: Record<string, string>): void {
  const type = resolve(spec.accelerator?.type, 'accelerator.type', ctx);
  const count = resolve(spec.accelerator?.count, 'accelerator.count', ctx);
  if (type === undefined) {
    if (count !== undefined && count !== '0') {
      fail(
        ctx,
        'accelerator.type',
        `is missing for an accelerator count of ${count}`,
        'Set the accelerator type, e.g. "nvidia.com/gpu".',
      );
    }
    return;
  }
  if (!isQualifiedName(type) || !type.includes('/')) {
    fail(
      ctx,
      'accelerator.type',
      `is ${JSON.stringify(type)}, which is not a Kubernetes extended resource name`,
      'Use the resource name the device plugin registers, e.g. "nvidia.com/gpu" or "amd.com/gpu" (Vertex AI accelerator names mean nothing to Kubernetes).',
    );
  }
  const amount = count ?? '1';
  if (!/^\d+$/.test(amount)) {
    fail(ctx, 'accelerator.count', `is ${JSON.stringify(amount)}`, 'Use a whole number of devices.');
  }
  if (Number(amount) > 0) limits[type] = String(Number(amount));
}

/** The field's text with `{{$.inputs.parameters['x']}}` replaced; undefined when unset or ''. */
function resolve(text: string | undefined, key: string, ctx: ResourceContext): string | undefined {
  if (text === undefined) return undefined;
  const resolved = text.replace(PARAMETER, (_whole, name: string) => {
    const parameters = ctx.parameters ?? {};
    const value = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
    if (value === undefined) {
      fail(
        ctx,
        key,
        `reads input parameter "${name}", which the task has no value for`,
        'Pass a value for the parameter the resource setting reads.',
      );
    }
    if (value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  const trimmed = resolved.trim();
  return trimmed === '' ? undefined : trimmed;
}

function fail(ctx: ResourceContext, key: string, what: string, fix: string): never {
  const location = `deploymentSpec.executors.${ctx.executorLabel}.container.resources.${key}`;
  throw new SkiffError('SKIFF_K8S_PLATFORM', `${location} ${what}`, { location, fix });
}
