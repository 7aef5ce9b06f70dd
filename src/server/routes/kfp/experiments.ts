import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SkiffError } from '../../../errors/index.js';
import { DEFAULT_EXPERIMENT_ID, type ExperimentField, type ListPredicate } from '../../../metadata/index.js';
import { experimentJson } from '../../kfp/kfp-json.js';
import { EXPERIMENT_RESOURCE } from '../../kfp/kfp-resources.js';
import { kfpListFields, parseKfpListRequest, single } from '../../kfp/list-query.js';
import { parseRequestBody } from '../../kfp/request-body.js';
import { serverPageTokens } from '../../kfp/server-page-tokens.js';
import { descriptionText, idText, nameText, shortText } from '../../kfp/text-limits.js';
import type { ServerDeps } from '../../server-deps.js';

const BASE = '/apis/v2beta1/experiments';

/** `v2beta1Experiment` as a create body: output-only fields are accepted and ignored, unknown ones refused. */
const ExperimentBody = z.strictObject({
  experiment_id: idText.optional(),
  display_name: nameText.min(1, 'an experiment needs a display_name'),
  description: descriptionText.optional(),
  created_at: shortText.optional(),
  namespace: nameText.optional(),
  storage_state: shortText.optional(),
  last_run_created_at: shortText.optional(),
});

/**
 * KFP v2beta1 experiments: create, list (filter, sort_by, page_size, page_token, namespace), get,
 * `:archive` (with its runs; its recurring runs disabled), `:unarchive` (the experiment alone) and
 * delete. The default experiment exists from the start and cannot be deleted.
 */
export function experimentRoutes() {
  return (app: FastifyInstance, deps: ServerDeps): void => {
    const store = deps.services.metadata.experiments;
    const tokens = serverPageTokens(deps);

    app.post(BASE, async (request) => {
      const body = parseRequestBody(ExperimentBody, request.body, 'experiment');
      const experiment = {
        id: randomUUID(),
        displayName: body.display_name,
        description: body.description ?? '',
        namespace: body.namespace ?? '',
        storageState: 'AVAILABLE' as const,
        createdAtMs: Date.now(),
        lastRunCreatedAtMs: null,
      };
      await store.create(experiment);
      return experimentJson(experiment);
    });

    app.get(BASE, async (request) => {
      const query = request.query as Record<string, unknown>;
      const namespace = single(query, 'namespace');
      const fixed: ListPredicate<ExperimentField>[] =
        namespace === undefined || namespace === ''
          ? []
          : [{ field: 'namespace', op: 'eq', value: namespace }];
      const list = parseKfpListRequest(query, EXPERIMENT_RESOURCE, tokens, fixed);
      const page = await store.list(list.query);
      return { experiments: page.items.map(experimentJson), ...kfpListFields(page, list, tokens) };
    });

    app.get<{ Params: { experiment_id: string } }>(`${BASE}/:experiment_id`, async (request) => {
      const experiment = await store.get(request.params.experiment_id);
      if (experiment === undefined) throw notFound(request.params.experiment_id);
      return experimentJson(experiment);
    });

    // KFP's custom methods put a colon in the last segment ({id}:archive), so split it here.
    app.post<{ Params: { action: string } }>(`${BASE}/:action`, async (request) => {
      const [id = '', verb, ...rest] = request.params.action.split(':');
      if ((verb !== 'archive' && verb !== 'unarchive') || rest.length > 0) {
        throw new SkiffError(
          'SKIFF_API_NOT_FOUND',
          `no route POST ${BASE}/${request.params.action}; use ${BASE}/{experiment_id}:archive or :unarchive`,
        );
      }
      // KFP: archiving takes the runs along and disables the recurring runs; unarchiving restores
      // the experiment alone. Through the scheduler, so no trigger fires halfway.
      const changed =
        verb === 'archive'
          ? await deps.scheduler.change(() => store.archive(id, Date.now()))
          : await store.setStorageState(id, 'AVAILABLE');
      if (!changed) throw notFound(id);
      return {};
    });

    app.delete<{ Params: { experiment_id: string } }>(`${BASE}/:experiment_id`, async (request) => {
      const id = request.params.experiment_id;
      if (id === DEFAULT_EXPERIMENT_ID) {
        throw new SkiffError(
          'SKIFF_API_PRECONDITION',
          `experiment ${id} is the default experiment and cannot be deleted`,
          {
            fix: 'Archive it instead, or delete other experiments.',
          },
        );
      }
      // Its runs stay (as in KFP); its recurring runs are disabled.
      if (!(await deps.scheduler.change(() => store.delete(id, Date.now())))) throw notFound(id);
      return {};
    });
  };
}

function notFound(id: string): SkiffError {
  return new SkiffError('SKIFF_API_NOT_FOUND', `experiment ${id} does not exist`, {
    fix: `List experiments with GET ${BASE} to find the id.`,
  });
}
