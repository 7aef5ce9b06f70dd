import { finite, join, type MetricProblem, problem, record } from './metric-problems';

/** One point of a ROC curve. */
export interface RocPoint {
  /** False positive rate, 0..1 (x). */
  readonly fpr: number;
  /** True positive rate (recall), 0..1 (y). */
  readonly tpr: number;
  readonly threshold: number;
}

/** A confusion matrix: `rows[actual][predicted]`; a cell that was not a number is undefined. */
export interface ConfusionMatrix {
  readonly categories: readonly string[];
  readonly rows: readonly (readonly (number | undefined)[])[];
}

/** What a `system.ClassificationMetrics` metadata holds, as far as it is valid. */
export interface ClassificationMetrics {
  readonly roc: readonly RocPoint[];
  readonly matrix: ConfusionMatrix | undefined;
  readonly problems: readonly MetricProblem[];
}

/** The most categories a confusion matrix draws (more are cut, with a problem). */
export const MAX_CATEGORIES = 50;

/**
 * The ROC points (`confidenceMetrics`: `{confidenceThreshold, recall, falsePositiveRate}`, sorted
 * by FPR) and confusion matrix (`confusionMatrix`: `{annotationSpecs: [{displayName}]` or
 * `categories: [..]`, `rows: [{row: [..]}]}`) of a metadata object at `base`; what is invalid is a problem.
 */
export function parseClassificationMetrics(metadata: unknown, base = ''): ClassificationMetrics {
  const object = record(metadata);
  if (object === undefined)
    return {
      roc: [],
      matrix: undefined,
      problems: [problem(base || 'metadata', metadata, 'expected an object')],
    };
  const problems: MetricProblem[] = [];
  const hasRoc = object.confidenceMetrics !== undefined;
  const hasMatrix = object.confusionMatrix !== undefined;
  if (!hasRoc && !hasMatrix)
    problems.push(
      problem(base || 'metadata', metadata, 'expected confidenceMetrics (ROC curve) or confusionMatrix'),
    );
  const roc = hasRoc ? parseRoc(object.confidenceMetrics, join(base, 'confidenceMetrics'), problems) : [];
  const matrix = hasMatrix
    ? parseMatrix(object.confusionMatrix, join(base, 'confusionMatrix'), problems)
    : undefined;
  return { roc, matrix, problems };
}

function parseRoc(value: unknown, path: string, problems: MetricProblem[]): RocPoint[] {
  if (!Array.isArray(value)) {
    problems.push(
      problem(path, value, 'expected a list of {confidenceThreshold, recall, falsePositiveRate}'),
    );
    return [];
  }
  const points: RocPoint[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${path}[${index}]`;
    const point = record(item);
    if (point === undefined) {
      problems.push(problem(at, item, 'expected an object'));
      return;
    }
    const fpr = rate(point.falsePositiveRate, `${at}.falsePositiveRate`, problems);
    const tpr = rate(point.recall, `${at}.recall`, problems);
    const threshold = finite(point.confidenceThreshold);
    if (threshold === undefined)
      problems.push(problem(`${at}.confidenceThreshold`, point.confidenceThreshold, 'expected a number'));
    if (fpr !== undefined && tpr !== undefined && threshold !== undefined)
      points.push({ fpr, tpr, threshold });
  });
  return points.sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
}

function rate(value: unknown, path: string, problems: MetricProblem[]): number | undefined {
  const number = finite(value);
  if (number === undefined || number < 0 || number > 1) {
    problems.push(problem(path, value, 'expected a number from 0 to 1'));
    return undefined;
  }
  return number;
}

function parseMatrix(value: unknown, path: string, problems: MetricProblem[]): ConfusionMatrix | undefined {
  const object = record(value);
  if (object === undefined) {
    problems.push(problem(path, value, 'expected an object with annotationSpecs and rows'));
    return undefined;
  }
  let categories = parseCategories(object, path, problems);
  if (categories === undefined) return undefined;
  if (categories.length > MAX_CATEGORIES) {
    problems.push(
      problem(
        `${path}.annotationSpecs`,
        `${categories.length} categories`,
        `at most ${MAX_CATEGORIES} are drawn; the first ${MAX_CATEGORIES} are shown`,
      ),
    );
    categories = categories.slice(0, MAX_CATEGORIES);
  }
  const rowsPath = `${path}.rows`;
  if (!Array.isArray(object.rows)) {
    problems.push(problem(rowsPath, object.rows, 'expected a list of {row: [numbers]}'));
    return { categories, rows: [] };
  }
  const size = categories.length;
  if (object.rows.length !== size)
    problems.push(problem(rowsPath, `${object.rows.length} rows`, `expected ${size} rows, one per category`));
  const rows = object.rows.slice(0, size).map((item: unknown, index) => {
    const at = `${rowsPath}[${index}].row`;
    const cells = Array.isArray(item) ? item : record(item)?.row;
    if (!Array.isArray(cells)) {
      problems.push(problem(at, cells, 'expected a list of counts'));
      return Array.from({ length: size }, () => undefined);
    }
    if (cells.length !== size)
      problems.push(problem(at, cells, `expected ${size} counts, one per category; found ${cells.length}`));
    return Array.from({ length: size }, (_, column) => {
      const cell: unknown = cells[column];
      const number = finite(cell);
      if (number === undefined && column < cells.length)
        problems.push(problem(`${at}[${column}]`, cell, 'expected a number'));
      return number;
    });
  });
  return { categories, rows };
}

function parseCategories(
  object: Readonly<Record<string, unknown>>,
  path: string,
  problems: MetricProblem[],
): string[] | undefined {
  const specs = object.annotationSpecs ?? object.categories;
  const specsPath = `${path}.${object.annotationSpecs === undefined ? 'categories' : 'annotationSpecs'}`;
  if (!Array.isArray(specs)) {
    problems.push(problem(specsPath, specs, 'expected a list of categories'));
    return undefined;
  }
  return specs.map((spec: unknown, index) => {
    const name = typeof spec === 'string' ? spec : record(spec)?.displayName;
    if (typeof name === 'string') return name;
    problems.push(problem(`${specsPath}[${index}]`, spec, 'expected a name (or {displayName})'));
    return `#${index + 1}`;
  });
}
