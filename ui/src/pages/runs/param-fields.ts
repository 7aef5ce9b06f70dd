// Typed run parameters of a pipeline spec (`root.inputDefinitions.parameters`): what the form
// shows for each, and the JSON value it sends.

/** KFP's parameter types. */
export type ParamType = 'NUMBER_INTEGER' | 'NUMBER_DOUBLE' | 'BOOLEAN' | 'STRING' | 'LIST' | 'STRUCT';

/** One parameter of the pipeline's root. */
export interface ParamDef {
  readonly name: string;
  readonly type: ParamType;
  readonly optional: boolean;
  /** The spec's default value, or undefined when none. */
  readonly defaultValue: unknown;
  readonly description: string | undefined;
}

/** What a field's text means: a value to send, nothing (the server uses the default), or a message. */
export type ParsedParam =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'omit' }
  | { readonly kind: 'error'; readonly message: string };

const TYPES = new Set<string>(['NUMBER_INTEGER', 'NUMBER_DOUBLE', 'BOOLEAN', 'STRING', 'LIST', 'STRUCT']);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The pipeline spec itself from a `pipeline_spec` field (bare or `{pipeline_spec, platform_spec}`). */
export function unwrapSpec(spec: unknown): Record<string, unknown> | undefined {
  if (!isObject(spec)) return undefined;
  if (isObject(spec.pipeline_spec) && spec.root === undefined) return spec.pipeline_spec;
  return spec;
}

/** The root parameters of a spec, in the spec's order; unknown types are read as STRING. */
export function specParameters(spec: unknown): ParamDef[] {
  const root = unwrapSpec(spec)?.root;
  const params =
    isObject(root) && isObject(root.inputDefinitions) ? root.inputDefinitions.parameters : undefined;
  if (!isObject(params)) return [];
  return Object.entries(params).map(([name, raw]) => {
    const def = isObject(raw) ? raw : {};
    // KFP v1-era specs say `type` (INT, DOUBLE...); v2 says `parameterType`.
    const declared = String(def.parameterType ?? def.type ?? 'STRING').toUpperCase();
    const legacy: Record<string, ParamType> = { INT: 'NUMBER_INTEGER', DOUBLE: 'NUMBER_DOUBLE' };
    const type = (TYPES.has(declared) ? declared : (legacy[declared] ?? 'STRING')) as ParamType;
    return {
      name,
      type,
      optional: def.isOptional === true || def.defaultValue !== undefined,
      defaultValue: def.defaultValue,
      description: typeof def.description === 'string' ? def.description : undefined,
    };
  });
}

/** The text a field shows for a value (a default or a cloned run's argument). */
export function paramText(type: ParamType, value: unknown): string {
  if (value === undefined || value === null) return type === 'BOOLEAN' ? 'false' : '';
  if (type === 'BOOLEAN') return value === true || value === 'true' ? 'true' : 'false';
  if (type === 'LIST' || type === 'STRUCT')
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return String(value);
}

/** Read a field's text as the parameter's value, or say what is wrong with it. */
export function parseParam(def: ParamDef, text: string): ParsedParam {
  const trimmed = text.trim();
  if (def.type === 'BOOLEAN') return { kind: 'value', value: trimmed === 'true' };
  if (trimmed === '' && def.type !== 'STRING') {
    return def.optional ? { kind: 'omit' } : { kind: 'error', message: `${def.name} is required` };
  }
  switch (def.type) {
    case 'STRING':
      return text === '' && def.optional ? { kind: 'omit' } : { kind: 'value', value: text };
    case 'NUMBER_INTEGER': {
      const value = Number(trimmed);
      return /^[-+]?\d+$/.test(trimmed) && Number.isSafeInteger(value)
        ? { kind: 'value', value }
        : {
            kind: 'error',
            message: `"${clip(trimmed)}" is not a whole number (an integer such as 3 or -12)`,
          };
    }
    case 'NUMBER_DOUBLE': {
      const value = Number(trimmed);
      return Number.isFinite(value) && /^[-+0-9.eE]+$/.test(trimmed)
        ? { kind: 'value', value }
        : { kind: 'error', message: `"${clip(trimmed)}" is not a number (such as 0.5 or 1e-3)` };
    }
    case 'LIST':
    case 'STRUCT': {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        return { kind: 'error', message: `not JSON: ${(error as Error).message}` };
      }
      if (def.type === 'LIST' && !Array.isArray(value))
        return { kind: 'error', message: 'a list is a JSON array, such as [1, 2, 3]' };
      if (def.type === 'STRUCT' && !isObject(value))
        return { kind: 'error', message: 'a struct is a JSON object, such as {"key": "value"}' };
      return { kind: 'value', value };
    }
  }
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** Every field's value, or the messages of the fields that are wrong (by name). */
export function collectParams(
  defs: readonly ParamDef[],
  texts: Readonly<Record<string, string>>,
): { readonly values: Record<string, unknown>; readonly errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    const parsed = parseParam(def, texts[def.name] ?? paramText(def.type, def.defaultValue));
    if (parsed.kind === 'value') values[def.name] = parsed.value;
    else if (parsed.kind === 'error') errors[def.name] = parsed.message;
  }
  return { values, errors };
}

/** The label of a type in the form. */
export const TYPE_LABELS: Readonly<Record<ParamType, string>> = {
  NUMBER_INTEGER: 'integer',
  NUMBER_DOUBLE: 'float',
  BOOLEAN: 'boolean',
  STRING: 'string',
  LIST: 'list (JSON)',
  STRUCT: 'struct (JSON)',
};
