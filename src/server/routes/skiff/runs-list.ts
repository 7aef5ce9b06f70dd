import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SkiffError } from '../../../errors/index.js';
import { kfpListFields, serverPageTokens, single } from '../../kfp/index.js';
import { parseRunListRequest } from '../../kfp/run-list-request.js';
import type { ServerDeps } from '../../server-deps.js';
import { METRICS_SCHEMA_TITLE, metricColumns, scalarMetricsByRun } from '../../skiff-api/run-metrics.js';
import { runSummaryJson } from '../../skiff-api/run-summary-json.js';

/** Metric columns of a runs page when `metric_columns` is absent. */
export const DEFAULT_METRIC_COLUMNS = 3;
/** The most metric columns a runs page may ask for. */
export const MAX_METRIC_COLUMNS = 10;

const metricColumnsParam = z
  .string()
  .regex(/^\d{1,2}$/)
  .transform(Number)
  .pipe(z.number().int().max(MAX_METRIC_COLUMNS));

/**
 * Skiff API, the runs list page in one request: `GET /apis/skiff/v1/runs` with KFP's `filter`,
 * `sort_by`, `page_size`, `page_token` and `experiment_id` (the same semantics and tokens as
 * `/apis/v2beta1/runs`), each run with its names and scalar metrics. Four SQL queries per page
 * whatever its size: the page, the count, the names, the metrics artifacts.
 */
export function runsListRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;
  app.get('/apis/skiff/v1/runs', async (request) => {
    const query = request.query as Record<string, unknown>;
    const columnCount = parseMetricColumns(single(query, 'metric_columns'));
    const tokens = serverPageTokens(deps);
    const list = parseRunListRequest(query, tokens);
    const page = await metadata.runs.listPage(list.query);
    const ids = page.items.map((run) => run.id);
    const [labels, artifacts] = await Promise.all([
      metadata.runs.listLabels(ids),
      columnCount === 0 ? [] : metadata.artifacts.listByRunsOfType(ids, METRICS_SCHEMA_TITLE),
    ]);
    const metrics = scalarMetricsByRun(artifacts);
    const columns = metricColumns(ids, metrics, columnCount);
    return {
      runs: page.items.map((run) =>
        runSummaryJson(run, labels.get(run.id), metrics.get(run.id) ?? [], columns),
      ),
      metric_columns: columns,
      ...kfpListFields(page, list, tokens),
    };
  });
}

function parseMetricColumns(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_METRIC_COLUMNS;
  const parsed = metricColumnsParam.safeParse(text);
  if (parsed.success) return parsed.data;
  throw new SkiffError(
    'SKIFF_API_BAD_REQUEST',
    `query parameter metric_columns "${text.slice(0, 40)}" is not a whole number from 0 to ${MAX_METRIC_COLUMNS}`,
    {
      location: 'metric_columns',
      fix: `Ask for at most ${MAX_METRIC_COLUMNS} metric columns, e.g. metric_columns=3.`,
    },
  );
}
