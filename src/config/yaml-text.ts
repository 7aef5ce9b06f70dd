import { YAMLError } from 'yaml';

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
