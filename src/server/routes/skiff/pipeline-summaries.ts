import type { FastifyInstance } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import { rfc3339 } from '../../kfp/kfp-time.js';
import { single } from '../../kfp/list-query.js';
import type { ServerDeps } from '../../server-deps.js';

/** The most pipelines one summaries request may name (a pipelines page holds at most 100). */
export const MAX_SUMMARY_PIPELINES = 100;

/**
 * Skiff API, what the pipelines list shows beside each pipeline without one request per row and
 * without any pipeline spec: `GET /apis/skiff/v1/pipeline-summaries?pipeline_ids=A,B` answers
 * `{summaries: [{pipeline_id, version_count, latest_version}]}` in the order asked; unknown ids are
 * left out.
 */
export function pipelineSummaryRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;
  app.get('/apis/skiff/v1/pipeline-summaries', async (request) => {
    const ids = parseIds(single(request.query as Record<string, unknown>, 'pipeline_ids'));
    const summaries = await Promise.all(
      ids.map(async (id) => {
        const pipeline = await metadata.pipelines.get(id);
        if (pipeline === undefined) return undefined;
        const versions = await metadata.pipelineVersions.list({
          predicates: [{ field: 'pipelineId', op: 'eq', value: id }],
          sort: { field: 'createdAtMs', descending: true },
          limit: 1,
        });
        const latest = versions.items[0];
        return {
          pipeline_id: id,
          version_count: versions.totalSize,
          latest_version:
            latest === undefined
              ? null
              : {
                  pipeline_version_id: latest.id,
                  name: latest.name,
                  display_name: latest.displayName,
                  created_at: rfc3339(latest.createdAtMs),
                },
        };
      }),
    );
    return { summaries: summaries.filter((summary) => summary !== undefined) };
  });
}

function parseIds(text: string | undefined): string[] {
  const ids = [...new Set((text ?? '').split(',').map((id) => id.trim()))].filter((id) => id !== '');
  if (ids.length > MAX_SUMMARY_PIPELINES) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `query parameter pipeline_ids names ${ids.length} pipelines; at most ${MAX_SUMMARY_PIPELINES} are summarised at once`,
      { fix: `Ask for at most ${MAX_SUMMARY_PIPELINES} pipeline ids per request (one page of the list).` },
    );
  }
  return ids;
}
