import { parseAllDocuments, YAMLError } from 'yaml';
import { findTooDeep, MAX_NESTING_DEPTH, yamlTooDeepLine } from '../ir/index.js';

/**
 * Where and why YAML text failed to parse, without quoting the text (it may hold secrets):
 * e.g. `BAD_INDENT at line 3, column 5`.
 */
export function describeYamlError(cause: unknown): string {
  if (cause instanceof YAMLError) {
    const at = cause.linePos?.[0];
    return at ? `${cause.code} at line ${at.line}, column ${at.col}` : cause.code;
  }
  return cause instanceof Error ? cause.name : String(cause);
}

/** Most YAML aliases a configuration file may expand (the `yaml` library's count, which weighs each by its size). */
export const MAX_YAML_ALIAS_COUNT = 100;

/** The plain values of YAML (or JSON) text, or why they cannot be read, with the fix. */
export type YamlValues =
  | { readonly ok: true; readonly values: readonly unknown[] }
  | { readonly ok: false; readonly problem: string; readonly fix: string; readonly cause?: unknown };

/**
 * Read every document of `text` within Skiff's limits: syntax errors named by position (never
 * quoting the text, which may hold secrets), nesting past MAX_NESTING_DEPTH (also through aliases)
 * and alias expansion past MAX_YAML_ALIAS_COUNT (a "billion laughs" bomb) refused, never a stack overflow.
 */
export function readYamlValues(text: string): YamlValues {
  const flatten = 'Flatten the nested value; configuration needs only a few levels.';
  const deepLine = yamlTooDeepLine(text);
  if (deepLine !== undefined) return { ok: false, problem: tooDeep(`line ${deepLine}`), fix: flatten };
  const documents = parseAllDocuments(text);
  const docs = Array.isArray(documents) ? documents : [documents];
  const error = docs.flatMap((doc) => doc.errors)[0];
  if (error) {
    const problem = `is not valid YAML: ${describeYamlError(error)}`;
    return { ok: false, problem, fix: 'Fix the YAML syntax at the reported line.', cause: error };
  }
  const values: unknown[] = [];
  for (const doc of docs) {
    try {
      values.push(doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }));
    } catch (cause) {
      return {
        ok: false,
        problem: `expands YAML aliases more than Skiff allows (${MAX_YAML_ALIAS_COUNT}, weighted by size): an alias bomb ("billion laughs")`,
        fix: 'Write the values out instead of repeating aliases of aliases.',
        cause,
      };
    }
  }
  for (const value of values) {
    const found = findTooDeep(value);
    if (found !== undefined) return { ok: false, problem: tooDeep(found.path), fix: flatten };
  }
  return { ok: true, values };
}

function tooDeep(where: string): string {
  return `nests mappings and lists more than ${MAX_NESTING_DEPTH} levels deep at ${where}; Skiff reads at most ${MAX_NESTING_DEPTH} levels`;
}
