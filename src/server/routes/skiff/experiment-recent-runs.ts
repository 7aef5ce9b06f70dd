import type { FastifyInstance } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import { single } from '../../kfp/index.js';
import { rfc3339 } from '../../kfp/run-json.js';
import type { ServerDeps } from '../../server-deps.js';

/** Runs per experiment when `count` is absent. */
export const DEFAULT_RECENT_RUNS = 5;
/** The most runs per experiment, and the most experiments, one request may ask for. */
export const MAX_RECENT_RUNS = 20;
export const MAX_RECENT_EXPERIMENTS = 100;

/**
 * Skiff API, the latest runs of several experiments in one request (an experiments list shows their
 * states as dots): `GET /apis/skiff/v1/experiments/recent-runs?experiment_ids=A,B&count=5`. Each
 * experiment's newest runs (archived ones too), newest first, with `run_id`, `display_name`,
 * `state`, `created_at`, and how many runs it has in all.
 */
export function experimentRecentRunsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;
  app.get('/apis/skiff/v1/experiments/recent-runs', async (request) => {
    const query = request.query as Record<string, unknown>;
    const ids = parseIds(single(query, 'experiment_ids'));
    const count = parseCount(single(query, 'count'));
    // One indexed query (and its count) per experiment, all at once: at most 100 small reads.
    const pages = await Promise.all(
      ids.map((id) =>
        metadata.runs.listPage({
          predicates: [{ field: 'experimentId', op: 'eq', value: id }],
          sort: { field: 'createdAtMs', descending: true },
          limit: count,
        }),
      ),
    );
    return {
      experiments: ids.map((id, i) => ({
        experiment_id: id,
        total_size: pages[i]?.totalSize ?? 0,
        runs: (pages[i]?.items ?? []).map((run) => ({
          run_id: run.id,
          display_name: run.displayName,
          state: run.state,
          created_at: rfc3339(run.createdAtMs),
        })),
      })),
    };
  });
}

function parseIds(text: string | undefined): string[] {
  const ids = [...new Set((text ?? '').split(',').map((id) => id.trim()))].filter((id) => id !== '');
  if (ids.length > MAX_RECENT_EXPERIMENTS || ids.some((id) => id.length > 128)) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `query parameter experiment_ids names ${ids.length} experiments; at most ${MAX_RECENT_EXPERIMENTS} ids of at most 128 characters are allowed`,
      { location: 'experiment_ids', fix: 'Ask for the experiments of one list page at a time.' },
    );
  }
  return ids;
}

function parseCount(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_RECENT_RUNS;
  const count = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (count >= 1 && count <= MAX_RECENT_RUNS) return count;
  throw new SkiffError(
    'SKIFF_API_BAD_REQUEST',
    `query parameter count "${text.slice(0, 40)}" is not a whole number from 1 to ${MAX_RECENT_RUNS}`,
    { location: 'count', fix: `Ask for at most ${MAX_RECENT_RUNS} runs per experiment, e.g. count=5.` },
  );
}
