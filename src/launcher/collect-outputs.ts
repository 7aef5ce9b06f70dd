import { SkiffError } from '../errors/index.js';
import { parseParameterText } from '../ir/parameter-value.js';
import type { InterfaceSpec, JsonValue, ParameterType } from '../ir/types.js';
import type { ExecutorInputJson, RuntimeArtifactJson } from './executor-input.js';
import { executorOutputTooDeep, readOutputFile } from './output-limits.js';

/** An output artifact after the process ran; `customPath` is where its content is when not at its URI. */
export type CollectedArtifact = RuntimeArtifactJson & { readonly customPath?: string };

/** Output parameters and artifacts of a finished attempt, before upload. */
export interface CollectedOutputs {
  readonly parameters: Readonly<Record<string, JsonValue>>;
  /** Output artifacts with metadata and URIs from executor_output.json merged in. */
  readonly artifacts: Readonly<Record<string, readonly CollectedArtifact[]>>;
}

/** Collected outputs, or the coded error that fails the attempt (SKIFF_OUTPUT_MISSING / SKIFF_OUTPUT_TYPE). */
export type CollectResult =
  | { readonly ok: true; readonly outputs: CollectedOutputs }
  | { readonly ok: false; readonly error: SkiffError };

type RuntimeArtifactOutput = Partial<RuntimeArtifactJson> & { readonly custom_path?: string };

interface ExecutorOutputJson {
  readonly parameterValues?: Record<string, JsonValue>;
  readonly artifacts?: Record<string, { readonly artifacts?: readonly RuntimeArtifactOutput[] }>;
}

/**
 * Gather a finished attempt's outputs with KFP backend precedence: a parameter comes from
 * executor_output.json `parameterValues` when present there, otherwise from its output file,
 * coerced by its declared type. Artifacts take metadata (and URI overrides) from executor_output.json;
 * like KFP, an artifact the process did not write is still recorded.
 */
export async function collectOutputs(
  declared: InterfaceSpec,
  executorInput: ExecutorInputJson,
): Promise<CollectResult> {
  const outputFile = executorInput.outputs.outputFile;
  // Nothing declared, nothing to collect: skip the read (the common case for short shell tasks).
  if (Object.keys(declared.parameters).length === 0 && Object.keys(declared.artifacts).length === 0) {
    return { ok: true, outputs: { parameters: {}, artifacts: {} } };
  }
  const executorOutput = await readExecutorOutput(outputFile);
  if (executorOutput instanceof SkiffError) return { ok: false, error: executorOutput };
  const parameters: Record<string, JsonValue> = {};
  for (const [name, spec] of Object.entries(declared.parameters)) {
    // Values in executor_output.json are kept as the component wrote them, as KFP's launcher keeps
    // them; the task that reads one converts or refuses it by its own input type (input-types.ts).
    const fromJson = executorOutput.parameterValues?.[name];
    if (fromJson !== undefined) {
      parameters[name] = fromJson;
      continue;
    }
    const file = executorInput.outputs.parameters[name]?.outputFile;
    const text = file === undefined ? null : await readOutputFile(file, `output parameter "${name}"`);
    if (text instanceof SkiffError) return { ok: false, error: text };
    if (text === null) {
      if (spec.isOptional) continue;
      const looked = [file, `${outputFile} (parameterValues)`].filter((p) => p !== undefined).join(' and ');
      const error = new SkiffError(
        'SKIFF_OUTPUT_MISSING',
        `output parameter "${name}" was not written: looked at ${looked}`,
        {
          fix: `Make the component write output "${name}" to ${file ?? outputFile}.`,
        },
      );
      return { ok: false, error };
    }
    const value = parseOutputText(text, spec.type);
    if (value instanceof Error) return { ok: false, error: typeError(name, spec.type, file!, value.message) };
    parameters[name] = value;
  }
  const artifacts: Record<string, readonly CollectedArtifact[]> = {};
  for (const name of Object.keys(declared.artifacts)) {
    const base = executorInput.outputs.artifacts[name]?.artifacts ?? [];
    const runtime = executorOutput.artifacts?.[name]?.artifacts ?? [];
    artifacts[name] =
      runtime.length === 0 ? base : runtime.map((item, i) => mergeArtifact(base[i] ?? base[0], item, name));
  }
  return { ok: true, outputs: { parameters, artifacts } };
}

/** Go's `strconv.ParseInt(s, 10, 64)` syntax and range. */
const GO_INT = /^[+-]?\d+$/;
const INT64_MAX = 2n ** 63n - 1n;
/** Go's `strconv.ParseFloat` decimal syntax (hexadecimal floats are not read). */
const GO_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Parse an output file's text as a declared parameter type, as KFP's launcher does
 * (`TextToPbValue`): STRING is the raw text; an integer is base-10 digits within 64 bits, a double
 * a decimal number, a boolean one of Go's spellings (1, t, T, TRUE, true, True and their false
 * twins), all trimmed; LIST and STRUCT are JSON. Returns an Error when it cannot.
 */
export function parseOutputText(text: string, type: ParameterType): JsonValue | Error {
  const trimmed = text.trim();
  switch (type) {
    case 'STRING':
      return text;
    case 'NUMBER_INTEGER': {
      if (!GO_INT.test(trimmed))
        return new Error(`${JSON.stringify(clip(text))}, which is not a whole number in base 10`);
      const big = BigInt(trimmed);
      if (big > INT64_MAX || big < -INT64_MAX - 1n)
        return new Error(`${JSON.stringify(clip(text))}, which is out of the 64-bit integer range`);
      return Number(big);
    }
    case 'NUMBER_DOUBLE': {
      const value = GO_DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
      if (!Number.isFinite(value))
        return new Error(`${JSON.stringify(clip(text))}, which is not a finite decimal number`);
      return value;
    }
    case 'BOOLEAN': {
      if (GO_TRUE.has(trimmed)) return true;
      if (GO_FALSE.has(trimmed)) return false;
      return new Error(
        `${JSON.stringify(clip(text))}, which is not true or false (1, t, T, TRUE, true, True, or 0, f, F, FALSE, false, False)`,
      );
    }
    case 'LIST':
    case 'STRUCT':
    case 'TASK_FINAL_STATUS':
    case 'TASK_CONFIG': {
      // JSON types follow the same rule as run arguments (one parser in src/ir).
      const parsed = parseParameterText(trimmed, type);
      return 'value' in parsed ? parsed.value : new Error(`${JSON.stringify(clip(text))}: ${parsed.problem}`);
    }
  }
}

function mergeArtifact(
  base: RuntimeArtifactJson | undefined,
  runtime: RuntimeArtifactOutput,
  name: string,
): CollectedArtifact {
  const merged: RuntimeArtifactJson = {
    name: base?.name ?? runtime.name ?? name,
    uri: runtime.uri || base?.uri || '',
    type: base?.type ?? runtime.type ?? { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' },
    metadata: { ...(base?.metadata ?? {}), ...(runtime.metadata ?? {}) },
  };
  return runtime.custom_path ? { ...merged, customPath: runtime.custom_path } : merged;
}

async function readExecutorOutput(file: string): Promise<ExecutorOutputJson | SkiffError> {
  const text = await readOutputFile(file, 'executor output');
  if (text instanceof SkiffError) return text;
  if (text === null || text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      // Before anything recurses into it (JSON.stringify when it is recorded).
      return executorOutputTooDeep(parsed, file) ?? (parsed as ExecutorOutputJson);
  } catch {
    // reported below
  }
  return new SkiffError(
    'SKIFF_OUTPUT_TYPE',
    `executor output ${file} is not a JSON object: ${JSON.stringify(clip(text))}`,
    {
      fix: 'Write executor_output.json as KFP does (an ExecutorOutput JSON object), or leave it out.',
    },
  );
}

function typeError(name: string, type: ParameterType, file: string, reason: string): SkiffError {
  return new SkiffError(
    'SKIFF_OUTPUT_TYPE',
    `output parameter "${name}" is declared ${type}, but ${file} holds ${reason}`,
    {
      fix: `Make the component write a ${type} value for "${name}".`,
    },
  );
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
