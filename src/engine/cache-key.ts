import { createHash } from 'node:crypto';
import type { ContainerSpec, InterfaceSpec, JsonValue } from '../ir/types.js';
import type { IoValues } from '../metadata/records.js';

/** Canonical JSON: object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Cache key of a container task (DESIGN.md "Caching"): SHA-256 of canonical JSON of the image,
 * command and args as written, input parameter values, input artifact identities and output
 * definitions; with `cacheKey`, SHA-256 of `componentRef.name + "\0" + cacheKey`.
 */
export function cacheKeyOf(input: {
  readonly componentName: string;
  readonly cacheKey?: string | undefined;
  readonly container: ContainerSpec;
  readonly inputs: IoValues;
  readonly outputs: InterfaceSpec;
}): string {
  if (input.cacheKey) return sha256(`${input.componentName}\0${input.cacheKey}`);
  const artifacts: Record<string, JsonValue> = {};
  for (const [name, list] of Object.entries(input.inputs.artifacts)) {
    artifacts[name] = list.map((a) => ({ uri: a.uri, type: a.schemaTitle }));
  }
  return sha256(
    canonicalJson({
      image: input.container.image,
      command: input.container.command,
      args: input.container.args,
      parameters: input.inputs.parameters,
      artifacts,
      outputs: input.outputs,
    }),
  );
}
