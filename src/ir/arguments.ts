import { parse as parseYaml } from 'yaml';
import { didYouMean, ERROR_CODES, type ErrorCode, SkiffError } from '../errors/index.js';
import { readRegularFile } from '../local-fs/index.js';
import { checkNestingDepth, tooDeepError, yamlTooDeepLine } from './nesting-depth.js';
import { own, setOwn } from './own.js';
import { parameterText } from './parameter-text.js';
import { isJsonObject, parameterValueProblem, parseParameterText } from './parameter-value.js';
import type { JsonValue, PipelineSpec } from './types.js';

/** Parses one `-p NAME=VALUE` argument by the declared type of pipeline parameter NAME. */
export function parseCliParam(raw: string, spec: PipelineSpec): [string, JsonValue] {
  const eq = raw.indexOf('=');
  const name = eq > 0 ? raw.slice(0, eq).trim() : '';
  if (name === '') {
    throw new SkiffError('SKIFF_ARG_SYNTAX', `-p ${JSON.stringify(raw)} is not of the form NAME=VALUE`, {
      fix: `Write -p NAME=VALUE with one of: ${declaredList(spec)}.`,
    });
  }
  const text = raw.slice(eq + 1);
  const param = own(spec.root.inputs.parameters, name);
  if (!param) throw unknownArgument(name, spec);
  const parsed = parseParameterText(text, param.type);
  if ('problem' in parsed) {
    throw new SkiffError('SKIFF_ARG_TYPE', `-p ${name}=${JSON.stringify(text)}: ${parsed.problem}`, {
      location: name,
      fix: `Pass a ${param.type} value for ${name}.`,
    });
  }
  return [name, parsed.value];
}

/** Parses several `-p` arguments; a name given twice is a SKIFF_ARG_SYNTAX error. */
export function parseCliParams(raws: readonly string[], spec: PipelineSpec): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const raw of raws) {
    const [name, value] = parseCliParam(raw, spec);
    if (Object.hasOwn(out, name)) {
      throw new SkiffError('SKIFF_ARG_SYNTAX', `parameter ${name} is given twice with -p`, {
        location: name,
        fix: `Give -p ${name}=VALUE once.`,
      });
    }
    setOwn(out, name, value);
  }
  return out;
}

interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  readonly location: string;
  readonly fix?: string;
}

/**
 * Checks run arguments against the root inputs and returns the values a run starts with: given
 * values (strings are parsed for non-STRING types), then defaults. Optional parameters without a
 * default stay absent. Rejects unknown names, wrong types, missing required parameters, and
 * required root input artifacts (which no run argument can supply), all in one SkiffError.
 * `givenThrough` words the fixes for the command line (-p) or the API (runtime_config.parameters).
 */
export function resolveRunArguments(
  spec: PipelineSpec,
  args: Readonly<Record<string, JsonValue>>,
  givenThrough: 'cli' | 'api' = 'cli',
): Record<string, JsonValue> {
  const problems: Problem[] = [];
  const resolved: Record<string, JsonValue> = {};
  for (const [name, given] of Object.entries(args)) {
    const param = own(spec.root.inputs.parameters, name);
    if (!param) {
      const error = unknownArgument(name, spec);
      problems.push({ code: error.code, message: error.message, location: name, fix: error.fix });
      continue;
    }
    // A STRING parameter takes any value as text, as KFP's backend converts inputs (parameterText).
    const parsed =
      param.type === 'STRING'
        ? { value: given === null || typeof given === 'string' ? given : parameterText(given) }
        : typeof given === 'string'
          ? parseParameterText(given, param.type)
          : { value: given };
    const problem = 'problem' in parsed ? parsed.problem : parameterValueProblem(parsed.value, param.type);
    if ('problem' in parsed || problem !== undefined) {
      problems.push({
        code: 'SKIFF_ARG_TYPE',
        location: name,
        message: `argument ${name} is ${shownValue(given)}, but ${problem}`,
        fix: `Pass a ${param.type} value for ${name}.`,
      });
      continue;
    }
    setOwn(resolved, name, parsed.value);
  }
  for (const [name, param] of Object.entries(spec.root.inputs.parameters)) {
    if (Object.hasOwn(args, name)) continue;
    if (param.defaultValue !== undefined) setOwn(resolved, name, param.defaultValue);
    else if (!param.isOptional) {
      problems.push({
        code: 'SKIFF_ARG_MISSING',
        location: name,
        message: `pipeline parameter ${name} (${param.type}) is required and has no default`,
        fix:
          givenThrough === 'cli'
            ? `Pass it with -p ${name}=VALUE (or in --params FILE).`
            : `Give it in runtime_config.parameters, e.g. {"${name}": VALUE}.`,
      });
    }
  }
  for (const [name, artifact] of Object.entries(spec.root.inputs.artifacts)) {
    if (artifact.isOptional) continue;
    problems.push({
      code: 'SKIFF_ARG_MISSING',
      location: name,
      message: `pipeline input artifact ${name} (${artifact.type.schemaTitle}) is required, but run arguments carry only parameters, so nothing can supply it`,
      fix: `Make ${name} optional in the pipeline (Optional[Input[...]] = None), or produce it inside the pipeline (e.g. with dsl.importer).`,
    });
  }
  throwProblems(problems, spec.name);
  return resolved;
}

/** Reads a --params file: a JSON or YAML object of parameter name to value (SKIFF_ARG_FILE otherwise). */
export async function loadParamsFile(path: string): Promise<Record<string, JsonValue>> {
  let text: string;
  try {
    text = (await readRegularFile(path)).toString('utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SkiffError('SKIFF_ARG_FILE', `--params file ${path} cannot be read: ${reason}`, {
      cause: error,
    });
  }
  const tooDeepLine = yamlTooDeepLine(text);
  if (tooDeepLine !== undefined) throw tooDeepError(`--params file ${path}`, `line ${tooDeepLine}`);
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, maxAliasCount: 100, logLevel: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SkiffError('SKIFF_ARG_FILE', `--params file ${path} is not valid JSON or YAML: ${reason}`, {
      cause: error,
    });
  }
  checkNestingDepth(value, `--params file ${path}`);
  if (!isJsonObject(value) || !isJson(value)) {
    throw new SkiffError(
      'SKIFF_ARG_FILE',
      `--params file ${path} holds ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'non-JSON values' : `a ${typeof value}`}, not an object of name: value`,
    );
  }
  return value;
}

function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isJson);
}

function unknownArgument(name: string, spec: PipelineSpec): SkiffError {
  const names = Object.keys(spec.root.inputs.parameters);
  const isArtifact = Object.hasOwn(spec.root.inputs.artifacts, name);
  const why = isArtifact
    ? `is an input artifact of pipeline ${spec.name}, and run arguments carry only parameters`
    : `is not a parameter of pipeline ${spec.name}${didYouMean(name, names)}`;
  return new SkiffError('SKIFF_ARG_UNKNOWN', `argument ${name} ${why}`, {
    location: name,
    fix: `Use one of the pipeline parameters: ${declaredList(spec)}.`,
  });
}

function declaredList(spec: PipelineSpec): string {
  const entries = Object.entries(spec.root.inputs.parameters);
  if (entries.length === 0) return '(the pipeline has no parameters)';
  return entries
    .map(
      ([n, p]) =>
        `${n} (${p.type}${p.defaultValue !== undefined ? `, default ${JSON.stringify(p.defaultValue)}` : p.isOptional ? ', optional' : ''})`,
    )
    .join(', ');
}

function throwProblems(problems: readonly Problem[], pipeline: string): void {
  const [first] = problems;
  if (!first) return;
  const message =
    problems.length === 1
      ? first.message
      : `the arguments of pipeline ${pipeline} have ${problems.length} problems:\n${problems.map((p) => `  - ${p.code}: ${p.message}`).join('\n')}`;
  const fix = first.fix ?? ERROR_CODES[first.code].fix;
  throw new SkiffError(first.code, message, {
    location: first.location,
    fix: problems.length === 1 ? fix : `${fix} Then fix the other problems listed.`,
  });
}

/** A given value as the messages show it: JSON, but a number JSON cannot hold (1e400) as itself, not null. */
function shownValue(value: JsonValue): string {
  return typeof value === 'number' && !Number.isFinite(value)
    ? `${value} (too large for a number)`
    : JSON.stringify(value);
}
