import type { z } from 'zod';
import { didYouMean, type ErrorCode, SkiffError } from '../errors/index.js';
import { configKeyAt, configKeys } from './config-keys.js';
import { maskSecretFields, maskValue } from './mask.js';
import { fieldsAt } from './schema-fields.js';
import { valueAt } from './tree-paths.js';

interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  readonly location: string;
}

/**
 * Parse `raw` with `schema`; on failure throw one SkiffError naming every bad key, its value, its
 * source (`sourceOf(keyPath)`) and the rule. Unknown keys (SKIFF_CONFIG_UNKNOWN_KEY) come first.
 */
export function parseWithSources<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  sourceOf: (keyPath: string) => string,
): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => toProblems(issue, schema, raw, sourceOf));
  problems.sort((a, b) => rank(a) - rank(b));
  const [first, ...rest] = problems;
  if (!first) throw new SkiffError('SKIFF_INTERNAL', 'configuration rejected without a reported issue');
  const more = rest.map((problem) => `\n  and ${problem.code}: ${problem.message}`).join('');
  throw new SkiffError(first.code, `${first.message}${more}`, { location: first.location });
}

/** A suggestion for an unknown key path, e.g. ` (did you mean "engine.maxParallelTasks"?)`, or ''. */
export function suggestKey(keyPath: string): string {
  const known = configKeys().flatMap((key) =>
    key.segments.map((_, i) => key.segments.slice(0, i + 1).join('.')),
  );
  const close = didYouMean(keyPath, new Set(known));
  if (close) return close;
  const name = keyPath.split('.').at(-1) ?? keyPath;
  const moved = configKeys().find((key) => key.segments.at(-1) === name);
  return moved ? ` (did you mean "${moved.path}"?)` : '';
}

function rank(problem: Problem): number {
  return problem.code === 'SKIFF_CONFIG_UNKNOWN_KEY' ? 0 : 1;
}

function toProblems(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  raw: unknown,
  sourceOf: (path: string) => string,
): Problem[] {
  const segments = issue.path.map(String);
  const source = sourceOf(leafKeyOf(segments));
  if (issue.code === 'unrecognized_keys') {
    // Inside a list (storage.providers[0]...) suggest the fields of that entry; elsewhere, config keys.
    const inList = segments.some((segment) => /^\d+$/.test(segment));
    return issue.keys.map((name) => {
      const keyPath = pathText([...segments, name]);
      const hint = inList ? didYouMean(name, fieldsAt(schema, segments)) : suggestKey(keyPath);
      return {
        code: 'SKIFF_CONFIG_UNKNOWN_KEY',
        message: `unknown key "${keyPath}" in ${source}${hint}`,
        location: keyPath,
      };
    });
  }
  const keyPath = pathText(segments);
  const value = maskSecretFields(
    maskValue(valueAt(raw, segments), configKeyAt(keyPath)?.meta.mask),
    segments.at(-1),
  );
  const label = keyPath || 'the configuration';
  const hint =
    issue.code === 'invalid_value'
      ? didYouMean(String(value), issue.values.map(String))
      : issue.code === 'invalid_type' && issue.expected === 'array' && typeof value === 'string'
        ? `; write a list, in an environment variable as JSON or YAML: ${JSON.stringify([value])}`
        : '';
  return [
    {
      code: 'SKIFF_CONFIG_INVALID',
      message: `${label} is ${show(value)} (from ${source}): ${issue.message}${hint}`,
      location: label,
    },
  ];
}

/** A key path for messages: list indexes in brackets, e.g. `storage.providers[0].endpoint`. */
function pathText(segments: readonly string[]): string {
  return segments.reduce(
    (text, segment) =>
      /^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    '',
  );
}

/** The leaf config key a path lies in (`storage.providers` for `storage.providers.0.endpoint`). */
function leafKeyOf(segments: readonly string[]): string {
  for (let end = segments.length; end > 0; end--) {
    const path = segments.slice(0, end).join('.');
    if (configKeyAt(path)) return path;
  }
  return segments.join('.');
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
