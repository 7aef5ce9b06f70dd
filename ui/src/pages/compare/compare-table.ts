import type { RunArtifact } from '../../api/skiff-types';
import { parseScalarMetrics } from '../../metrics/scalar-metrics';

/** One run as the compare page reads it. */
export interface ComparedRun {
  readonly id: string;
  readonly name: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly artifacts: readonly RunArtifact[];
}

/** One row of a side-by-side table: a name and one value per run (undefined: the run has none). */
export interface CompareRow {
  readonly name: string;
  readonly values: readonly (string | undefined)[];
  /** The runs do not all have the same value. */
  readonly differs: boolean;
}

/** The most runs compared at once. */
export const MAX_COMPARED_RUNS = 10;

/** Run ids of `?runlist=A,B,...`: trimmed, without blanks or repeats, at most MAX_COMPARED_RUNS. */
export function runIdsOf(runlist: string | null): {
  readonly ids: readonly string[];
  readonly dropped: number;
} {
  const all = [
    ...new Set(
      (runlist ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  return { ids: all.slice(0, MAX_COMPARED_RUNS), dropped: Math.max(0, all.length - MAX_COMPARED_RUNS) };
}

/** A parameter value as a cell shows it: strings as they are, the rest as JSON. */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** Parameters side by side: every name any run has, sorted. */
export function parameterRows(runs: readonly ComparedRun[]): CompareRow[] {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.parameters)))].sort();
  return names.map((name) =>
    row(
      name,
      runs.map((run) => (name in run.parameters ? formatValue(run.parameters[name]) : undefined)),
    ),
  );
}

/**
 * Scalar metrics side by side, from each run's `system.Metrics` artifacts (as the runs list reads
 * them: by artifact creation then key order, the first artifact naming a metric gives its value).
 */
export function metricRows(runs: readonly ComparedRun[]): CompareRow[] {
  const perRun = runs.map((run) => {
    const values = new Map<string, number>();
    for (const artifact of run.artifacts) {
      if (artifact.type !== 'system.Metrics' || artifact.run_id !== run.id) continue;
      for (const metric of parseScalarMetrics(artifact.metadata).metrics)
        if (!values.has(metric.name)) values.set(metric.name, metric.value);
    }
    return values;
  });
  const names = [...new Set(perRun.flatMap((values) => [...values.keys()]))];
  return names.map((name) =>
    row(
      name,
      perRun.map((values) => {
        const value = values.get(name);
        return value === undefined ? undefined : String(value);
      }),
    ),
  );
}

function row(name: string, values: readonly (string | undefined)[]): CompareRow {
  return { name, values, differs: values.some((value) => value !== values[0]) };
}

/** A table as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled). */
export function toCsv(header: readonly string[], rows: readonly CompareRow[]): string {
  const field = (value: string | undefined) => {
    const text = value ?? '';
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows.map((r) => [r.name, ...r.values])]
    .map((cells) => cells.map(field).join(','))
    .join('\r\n')
    .concat('\r\n');
}
