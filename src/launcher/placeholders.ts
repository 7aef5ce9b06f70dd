import type { AttemptContext } from '../engine/ports.js';
import type { JsonValue } from '../ir/types.js';
import type { ExecutorInputJson } from './executor-input.js';

/** Values of the `{{$.pipeline_*}}` placeholders for one attempt. */
export interface PipelinePlaceholderValues {
  readonly pipeline_job_name: string;
  readonly pipeline_job_resource_name: string;
  readonly pipeline_job_uuid: string;
  readonly pipeline_task_name: string;
  readonly pipeline_task_uuid: string;
  readonly pipeline_root: string;
  readonly pipeline_job_create_time_utc: string;
  readonly pipeline_job_schedule_time_utc: string;
}

/** Everything placeholders resolve against. */
export interface PlaceholderContext {
  readonly executorInput: ExecutorInputJson;
  /** Local path of each input artifact (first of its list), by input name. */
  readonly inputArtifactPaths: Readonly<Record<string, string>>;
  /** Local (staged) path of each output artifact, by output name. */
  readonly outputArtifactPaths: Readonly<Record<string, string>>;
  readonly pipeline: PipelinePlaceholderValues;
  /** Value of `{{$.workspace_path}}` (a directory shared by the run's tasks), if any. */
  readonly workspacePath?: string;
}

/** The `{{$.pipeline_*}}` values of an attempt (the engine names the run's resource). */
export function pipelinePlaceholderValues(
  context: Pick<
    AttemptContext,
    | 'runId'
    | 'jobName'
    | 'jobResourceName'
    | 'pipelineRoot'
    | 'jobCreateTimeMs'
    | 'jobScheduleTimeMs'
    | 'taskId'
    | 'taskName'
  >,
): PipelinePlaceholderValues {
  const created = new Date(context.jobCreateTimeMs).toISOString();
  const scheduled = new Date(context.jobScheduleTimeMs ?? context.jobCreateTimeMs).toISOString();
  return {
    pipeline_job_name: context.jobName,
    pipeline_job_resource_name: context.jobResourceName,
    pipeline_job_uuid: context.runId,
    pipeline_task_name: context.taskName,
    pipeline_task_uuid: context.taskId,
    pipeline_root: context.pipelineRoot,
    pipeline_job_create_time_utc: created,
    pipeline_job_schedule_time_utc: scheduled,
  };
}

/**
 * Resolve a container's command and args (KFP semantics): JSON `IfPresent`/`Concat` placeholders
 * first (an IfPresent yielding a list becomes several items, one yielding nothing drops the item),
 * then every `{{$...}}` placeholder inside each item.
 */
export function resolveCommandLine(items: readonly string[], context: PlaceholderContext): string[] {
  // Which inputs are present matters only to structured placeholders, which most commands lack.
  let provided: ReadonlySet<string> | undefined;
  const present = () => (provided ??= providedInputs(context.executorInput));
  const expanded: string[] = [];
  for (const item of items) expanded.push(...expandStructured(item, present));
  return expanded.map((item) => resolveInline(item, context));
}

/** Replace every `{{$...}}` placeholder inside `text`; unknown placeholders are left as written. */
export function resolveInline(text: string, context: PlaceholderContext): string {
  if (!text.includes('{{$')) return text;
  return text.replace(/\{\{\$(?:\.([^{}]*))?\}\}/g, (whole, path: string | undefined) => {
    const value = path === undefined ? JSON.stringify(context.executorInput) : lookup(path, context);
    return value === undefined ? whole : value;
  });
}

function providedInputs(input: ExecutorInputJson): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(input.inputs.parameterValues))
    if (value !== null) names.add(name);
  for (const [name, list] of Object.entries(input.inputs.artifacts))
    if (list.artifacts.length > 0) names.add(name);
  return names;
}

type Structured = string | readonly Structured[] | { readonly [key: string]: unknown };

function expandStructured(item: string, provided: () => ReadonlySet<string>): string[] {
  const start = item.trimStart();
  if (!start.startsWith('{"Concat"') && !start.startsWith('{"IfPresent"')) return [item];
  let parsed: unknown;
  try {
    parsed = JSON.parse(item);
  } catch {
    return [item];
  }
  return flatten(resolveStructured(parsed as Structured, provided()));
}

function resolveStructured(node: Structured, provided: ReadonlySet<string>): Structured | null {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map((child) => resolveStructured(child, provided)).filter(isPresent);
  const object = node as { readonly [key: string]: unknown };
  if ('Concat' in object && Array.isArray(object.Concat)) {
    const parts = (object.Concat as Structured[]).map((part) => resolveStructured(part, provided));
    return flatten(parts.filter(isPresent)).join('');
  }
  if ('IfPresent' in object && typeof object.IfPresent === 'object' && object.IfPresent !== null) {
    const spec = object.IfPresent as { InputName?: unknown; Then?: unknown; Else?: unknown };
    const branch = provided.has(String(spec.InputName)) ? spec.Then : spec.Else;
    return branch === undefined || branch === null ? null : resolveStructured(branch as Structured, provided);
  }
  return JSON.stringify(object);
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}

function flatten(node: Structured | null | readonly (Structured | null)[]): string[] {
  if (node === null) return [];
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return (node as (Structured | null)[]).flatMap((child) => flatten(child));
  return [JSON.stringify(node)];
}

const IO_PATTERN = /^(inputs|outputs)\.(parameters|artifacts)\['([^']*)'\](?:\.([a-z_]+))?$/;

function lookup(path: string, context: PlaceholderContext): string | undefined {
  if (path === 'outputs.output_file' || path === 'outputMetadataUri')
    return context.executorInput.outputs.outputFile;
  if (path === 'workspace_path') return context.workspacePath;
  if (path in context.pipeline) return context.pipeline[path as keyof PipelinePlaceholderValues];
  const match = IO_PATTERN.exec(path);
  if (!match) return undefined;
  const [, side, kind, name, field] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  const { inputs, outputs } = context.executorInput;
  if (side === 'inputs' && kind === 'parameters') {
    return field === undefined ? parameterText(inputs.parameterValues[name]) : undefined;
  }
  if (side === 'outputs' && kind === 'parameters') {
    return field === 'output_file' ? (outputs.parameters[name]?.outputFile ?? 'null') : undefined;
  }
  const list = (side === 'inputs' ? inputs.artifacts : outputs.artifacts)[name];
  const artifact = list?.artifacts[0];
  const paths = side === 'inputs' ? context.inputArtifactPaths : context.outputArtifactPaths;
  switch (field) {
    case undefined:
      return list === undefined ? 'null' : JSON.stringify(list);
    case 'uri':
      return artifact?.uri ?? 'null';
    case 'path':
      return paths[name] ?? 'null';
    case 'metadata':
      return artifact === undefined ? 'null' : JSON.stringify(artifact.metadata);
    default:
      return undefined;
  }
}

/** Strings as they are; numbers, booleans, lists and dicts as compact JSON; an absent value as `null` (like kfp.local). */
function parameterText(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null);
}
