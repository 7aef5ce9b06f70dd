/** One thing wrong in a metrics artifact's metadata: where, what was there, and the rule it breaks. */
export interface MetricProblem {
  /** The field path, e.g. `confusionMatrix.rows[1].row[2]`. */
  readonly path: string;
  /** The value found, quoted as JSON (shortened), or `missing`. */
  readonly value: string;
  /** What was expected. */
  readonly rule: string;
}

/** The most characters of a value quoted in a problem. */
const QUOTE_CHARS = 60;

/** A value as a problem quotes it: JSON (NaN and Infinity by name), cut to 60 characters. */
export function quote(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text;
}

/** A problem at `path` with `value`. */
export const problem = (path: string, value: unknown, rule: string): MetricProblem => ({
  path,
  value: quote(value),
  rule,
});

/** `base.key` (or `key` at the top). */
export const join = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);

/** A finite number, else undefined (NaN, Infinity, strings and the rest are not numbers here). */
export const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A plain object, else undefined. */
export const record = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
