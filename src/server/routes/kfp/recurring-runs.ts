import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import type { JsonValue } from '../../../ir/index.js';
import { DEFAULT_EXPERIMENT_ID, type RecurringRunRecord } from '../../../metadata/index.js';
import { kfpListFields, parseKfpListRequest, single } from '../../kfp/list-query.js';
import { createRecurringRunBody, maxConcurrencyOf, triggerOf } from '../../kfp/recurring-run-body.js';
import { recurringRunJson } from '../../kfp/recurring-run-json.js';
import { RECURRING_RUNS } from '../../kfp/recurring-run-resource.js';
import { checkRunnable, recurringRunSpec } from '../../kfp/recurring-run-spec.js';
import { parseRequestBody } from '../../kfp/request-body.js';
import { serverPageTokens } from '../../kfp/server-page-tokens.js';
import { storeVersionSpec, type VersionSpecLookup } from '../../kfp/version-spec.js';
import { openExperimentId } from '../../open-experiment.js';
import type { ServerDeps } from '../../server-deps.js';

const V2 = '/apis/v2beta1';

/**
 * KFP v2beta1 recurring runs: create (inline `pipeline_spec` or a pipeline version reference, with a
 * cron or periodic trigger; checked like a run before it is stored), list (KFP filter, sort_by, page
 * tokens, experiment_id), get, enable, disable, delete; none in or into an archived experiment.
 * Changes go through the scheduler, so none interleaves with a trigger being fired.
 */
export function recurringRunRoutes(options: { readonly versionSpec?: VersionSpecLookup } = {}) {
  return (app: FastifyInstance, deps: ServerDeps): void => {
    const store = deps.services.metadata.recurringRuns;
    const versionSpec = options.versionSpec ?? storeVersionSpec(deps.services.metadata);
    const tokens = serverPageTokens(deps);
    // Only a recurring run without a version reference shows its spec.
    const specOf = async (rr: RecurringRunRecord) =>
      rr.pipelineVersion === null ? deps.specs.run({ kind: 'object', text: rr.specText }) : undefined;

    app.post(`${V2}/recurringruns`, async (request) => {
      const body = parseRequestBody(createRecurringRunBody, request.body, 'recurring_run');
      const now = Date.now();
      const trigger = triggerOf(body, now);
      const maxConcurrency = maxConcurrencyOf(body);
      const spec = await recurringRunSpec(body, versionSpec);
      const parameters = (body.runtime_config?.parameters ?? {}) as Record<string, JsonValue>;
      const pipelineRoot = body.runtime_config?.pipeline_root || undefined;
      await checkRunnable(deps, spec, parameters, pipelineRoot);
      const rr: RecurringRunRecord = {
        id: randomUUID(),
        displayName: body.display_name,
        description: body.description ?? '',
        experimentId: body.experiment_id || DEFAULT_EXPERIMENT_ID,
        namespace: body.namespace ?? '',
        specText: spec.specText,
        pipelineVersion: spec.pipelineVersion,
        parameters,
        pipelineRoot: pipelineRoot ?? null,
        serviceAccount: body.service_account ?? '',
        maxConcurrency,
        trigger,
        status: body.mode === 'DISABLE' ? 'DISABLED' : 'ENABLED',
        noCatchup: body.no_catchup ?? false,
        createdAtMs: now,
        updatedAtMs: now,
        lastScheduledAtMs: null,
        error: null,
      };
      // Checked inside the change, so an experiment archived meanwhile cannot gain an enabled one.
      await deps.scheduler.change(async () => {
        await openExperimentId(
          deps.services.metadata.experiments,
          rr.experimentId,
          'create a recurring run in it',
        );
        await store.create(rr);
      });
      return recurringRunJson(rr, now, await specOf(rr));
    });

    app.get(`${V2}/recurringruns`, async (request) => {
      const query = request.query as Record<string, unknown>;
      // `namespace` is ignored, as for runs (one user, one namespace).
      const experimentId = single(query, 'experiment_id');
      const fixed = experimentId
        ? [{ field: 'experimentId' as const, op: 'eq' as const, value: experimentId }]
        : [];
      const list = parseKfpListRequest(query, RECURRING_RUNS, tokens, fixed);
      const page = await store.listPage(list.query);
      const now = Date.now();
      return {
        recurringRuns: await Promise.all(
          page.items.map(async (rr) => recurringRunJson(rr, now, await specOf(rr))),
        ),
        ...kfpListFields(page, list, tokens),
      };
    });

    app.get<{ Params: { id: string } }>(`${V2}/recurringruns/:id`, async (request) => {
      const rr = await find(deps, request.params.id);
      return recurringRunJson(rr, Date.now(), await specOf(rr));
    });

    /** The custom methods `POST /recurringruns/{id}:enable|disable` share one route. */
    const actions: Record<string, (rr: RecurringRunRecord) => Promise<void>> = {
      enable: async (rr) => {
        if (rr.status === 'ENABLED') return;
        // Archiving an experiment disabled its recurring runs; they stay so while it is archived.
        await openExperimentId(
          deps.services.metadata.experiments,
          rr.experimentId,
          `enable recurring run ${rr.id}`,
        );
        const now = Date.now();
        // Triggers that fell while it was disabled never run: scheduling resumes from now.
        const lastScheduledAtMs = Math.max(rr.lastScheduledAtMs ?? rr.createdAtMs, now);
        await store.update(rr.id, { status: 'ENABLED', updatedAtMs: now, lastScheduledAtMs });
      },
      disable: async (rr) => {
        if (rr.status === 'DISABLED') return;
        await store.update(rr.id, { status: 'DISABLED', updatedAtMs: Date.now() });
      },
    };
    app.post<{ Params: { id_action: string } }>(`${V2}/recurringruns/:id_action`, async (request) => {
      const text = request.params.id_action;
      const colon = text.lastIndexOf(':');
      const action = colon < 0 ? undefined : actions[text.slice(colon + 1)];
      if (action === undefined) {
        throw new SkiffError('SKIFF_API_NOT_FOUND', `no route POST ${V2}/recurringruns/${text}`, {
          fix: 'Use POST /apis/v2beta1/recurringruns/{recurring_run_id}:enable or :disable.',
        });
      }
      await deps.scheduler.change(async () => action(await find(deps, text.slice(0, colon))));
      return {};
    });

    app.delete<{ Params: { id: string } }>(`${V2}/recurringruns/:id`, async (request) => {
      // The runs it created stay (KFP keeps them too).
      await deps.scheduler.change(async () => {
        const rr = await find(deps, request.params.id);
        await store.delete(rr.id);
      });
      return {};
    });
  };
}

async function find(deps: ServerDeps, id: string): Promise<RecurringRunRecord> {
  const rr = await deps.services.metadata.recurringRuns.get(id);
  if (!rr) {
    throw new SkiffError('SKIFF_API_NOT_FOUND', `no recurring run has id "${id}"`, {
      location: 'recurring_run_id',
    });
  }
  return rr;
}
