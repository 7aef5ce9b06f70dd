import type { V1EnvVar } from '@kubernetes/client-node';
import { SkiffError } from '../../errors/index.js';

/** The environment variable that carries the plan to the sidecar, when it fits one. */
export const POD_PLAN_ENV = 'SKIFF_POD_PLAN';
/** How many parts a plan too long for one variable is split into (`SKIFF_POD_PLAN_1`...). */
export const POD_PLAN_PARTS_ENV = 'SKIFF_POD_PLAN_PARTS';

/**
 * Characters per variable: Linux takes at most 128 KiB per environment string (MAX_ARG_STRLEN), and
 * 30,000 UTF-16 units are at most 120,000 bytes of UTF-8.
 */
export const PLAN_PART_CHARS = 30_000;
/**
 * The largest plan a pod can carry: a process's arguments and environment together stay under
 * ARG_MAX (2 MiB on most nodes), and a pod object under etcd's 1.5 MiB.
 */
export const MAX_PLAN_BYTES = 1_000_000;

/**
 * The sidecar's environment variables that carry `planJson`: one when it is short, else the number of
 * parts and each part (never splitting a surrogate pair). A plan over MAX_PLAN_BYTES (its inputs are
 * too large to travel in a pod spec) is SKIFF_K8S_PLAN_TOO_LARGE.
 */
export function planEnv(planJson: string, taskPath: string): V1EnvVar[] {
  if (planJson.length <= PLAN_PART_CHARS) return [{ name: POD_PLAN_ENV, value: planJson }];
  const bytes = Buffer.byteLength(planJson);
  if (bytes > MAX_PLAN_BYTES) {
    throw new SkiffError(
      'SKIFF_K8S_PLAN_TOO_LARGE',
      `the inputs of task "${taskPath}" take ${(bytes / 1e6).toFixed(1)} MB in its pod's plan; a pod can carry ${MAX_PLAN_BYTES / 1e6} MB`,
      { location: taskPath },
    );
  }
  const parts: string[] = [];
  for (let at = 0; at < planJson.length; ) {
    let end = Math.min(at + PLAN_PART_CHARS, planJson.length);
    const last = planJson.charCodeAt(end - 1);
    if (end < planJson.length && last >= 0xd800 && last <= 0xdbff) end--; // keep the pair together
    parts.push(planJson.slice(at, end));
    at = end;
  }
  return [
    { name: POD_PLAN_PARTS_ENV, value: String(parts.length) },
    ...parts.map((value, i) => ({ name: `${POD_PLAN_ENV}_${i + 1}`, value })),
  ];
}

/** The plan's JSON from the sidecar's environment, whole or joined from its parts; undefined when absent. */
export function readPlanEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const whole = env[POD_PLAN_ENV];
  if (whole !== undefined) return whole;
  const count = Number(env[POD_PLAN_PARTS_ENV]);
  if (!Number.isInteger(count) || count < 1) return undefined;
  const parts: string[] = [];
  for (let i = 1; i <= count; i++) {
    const part = env[`${POD_PLAN_ENV}_${i}`];
    if (part === undefined) {
      throw new SkiffError('SKIFF_K8S_PLAN', `${POD_PLAN_ENV}_${i} of ${count} parts is not set`);
    }
    parts.push(part);
  }
  return parts.join('');
}
