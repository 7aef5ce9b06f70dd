import type { z } from 'zod';
import { didYouMean, SkiffError } from '../errors/index.js';

const MAX_LISTED = 10;

/** Renders a zod path as a dotted location: `root.dag.tasks.train.componentRef.name`, `env[0]`. */
export function dottedPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns zod issues (parsed with `reportInput: true`) into one SKIFF_IR_SCHEMA error listing them. */
export function schemaError(
  error: z.ZodError,
  sourceName: string,
  prefix = '',
  knownKeys: readonly string[] = [],
): SkiffError {
  const lines = error.issues.map((issue) => describeIssue(issue, prefix, knownKeys));
  const listed = lines.slice(0, MAX_LISTED);
  const more = lines.length > MAX_LISTED ? `\n  ... and ${lines.length - MAX_LISTED} more` : '';
  const message =
    lines.length === 1
      ? `${sourceName}: ${lines[0]}`
      : `${sourceName} has ${lines.length} schema errors:\n${listed.map((l) => `  - ${l}`).join('\n')}${more}`;
  const first = error.issues[0];
  const path = first
    ? [...first.path, ...(first.code === 'unrecognized_keys' ? first.keys.slice(0, 1) : [])]
    : [];
  return new SkiffError('SKIFF_IR_SCHEMA', message, {
    location: dottedPath(path, prefix) || '(top level)',
    cause: error,
  });
}

function describeIssue(issue: z.core.$ZodIssue, prefix: string, knownKeys: readonly string[]): string {
  const where = dottedPath(issue.path, prefix) || 'the top level';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map((key) => `${where} has the unknown field "${key}"${didYouMean(key, knownKeys)}`)
        .join('; ');
    case 'invalid_type':
      return issue.input === undefined
        ? `${where} is missing (expected ${issue.expected})`
        : `${where} is ${show(issue.input)}, expected ${issue.expected}`;
    case 'invalid_value':
      return `${where} is ${show(issue.input)}, expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${where} is ${show(issue.input)}, which matches none of the allowed forms`;
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
    case 'invalid_format':
      return `${where} is ${show(issue.input)}: ${issue.message}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** A short rendering of a bad value for messages: JSON, cut to 60 characters, with its kind. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  const kind = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
  return kind === 'object' ? `a mapping ${text}` : kind === 'list' ? `a list ${text}` : `${text} (${kind})`;
}
