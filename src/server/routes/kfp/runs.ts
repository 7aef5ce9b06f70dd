import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { prepareRetry, RETRYABLE_RUN_STATES } from '../../../engine/index.js';
import { SkiffError } from '../../../errors/index.js';
import { FINAL_RUN_STATES, type RunRecord } from '../../../metadata/index.js';
import { publishDeleted, publishStorageState } from '../../events/runs-list-changes.js';
import { specOfBody } from '../../kfp/body-spec.js';
import { kfpListFields, serverPageTokens } from '../../kfp/index.js';
import { parseRequestBody } from '../../kfp/request-body.js';
import { runBodyFields } from '../../kfp/run-body-fields.js';
import { runJson } from '../../kfp/run-json.js';
import { parseRunListRequest } from '../../kfp/run-list-request.js';
import { idText, shortText } from '../../kfp/text-limits.js';
import { storeVersionSpec, type VersionSpecLookup } from '../../kfp/version-spec.js';
import { archivedExperimentError } from '../../open-experiment.js';
import type { ServerDeps } from '../../server-deps.js';
import { deleteRun, terminateRun } from '../../stop-run.js';
import { submitRun } from '../../submit-run.js';

const V2 = '/apis/v2beta1';

/** The body of `POST /apis/v2beta1/runs` (KFP V2beta1Run; output-only fields are accepted and ignored). */
const createRunBody = z.strictObject({
  ...runBodyFields,
  // Output-only fields a client may echo back.
  run_id: idText.optional(),
  storage_state: shortText.optional(),
  state: shortText.optional(),
  created_at: shortText.optional(),
  scheduled_at: shortText.optional(),
  finished_at: shortText.optional(),
  recurring_run_id: idText.optional(),
});

/**
 * KFP v2beta1 runs: create (inline `pipeline_spec`, bare or wrapped with `platform_spec`, or a
 * pipeline version reference), get with `run_details.task_details`, terminate, retry, archive,
 * unarchive, delete. A created run is stored PENDING, then queued on the run worker.
 */
export function runRoutes(options: { readonly versionSpec?: VersionSpecLookup } = {}) {
  return (app: FastifyInstance, deps: ServerDeps): void => {
    const { metadata } = deps.services;
    const versionSpec = options.versionSpec ?? storeVersionSpec(metadata);
    // The spec of one run, read before its answer is built (off the event loop when large).
    const specOfRun = async (run: RunRecord) => {
      if (run.pipelineVersion !== null) return undefined; // shown as its version reference
      const spec = await deps.specs.run({ kind: 'object', text: run.specText });
      return () => spec;
    };

    app.post(`${V2}/runs`, async (request, reply) => {
      const body = parseRequestBody(createRunBody, request.body, 'run');
      const { pipelineVersion, ...source } = await specOfBody(body, 'run', versionSpec);
      const run = await submitRun(deps, {
        ...source,
        ...(pipelineVersion ? { pipelineVersion } : {}),
        displayName: body.display_name,
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.experiment_id ? { experimentId: body.experiment_id } : {}),
        parameters: body.runtime_config?.parameters ?? {},
        ...(body.runtime_config?.pipeline_root ? { pipelineRoot: body.runtime_config.pipeline_root } : {}),
      });
      return reply.status(200).send(runJson(run, await specOfRun(run)));
    });

    app.get(`${V2}/runs`, async (request) => {
      const tokens = serverPageTokens(deps);
      const list = parseRunListRequest(request.query as Record<string, unknown>, tokens);
      const page = await metadata.runs.listPage(list.query);
      return { runs: page.items.map((run) => runJson(run, undefined)), ...kfpListFields(page, list, tokens) };
    });

    app.get<{ Params: { run_id: string } }>(`${V2}/runs/:run_id`, async (request) => {
      // The three reads go out together (a pooled database answers them at once).
      const [run, tasks, list] = await Promise.all([
        findRun(deps, request.params.run_id),
        metadata.tasks.listByRun(request.params.run_id),
        metadata.attempts.listByRun(request.params.run_id),
      ]);
      const attempts = new Map<string, typeof list>();
      for (const attempt of list)
        attempts.set(attempt.taskId, [...(attempts.get(attempt.taskId) ?? []), attempt]);
      return runJson(run, await specOfRun(run), { tasks, attempts });
    });

    /** The custom methods `POST /runs/{run_id}:terminate|retry|archive|unarchive` share one route. */
    const actions: Record<string, (run: RunRecord) => Promise<void>> = {
      terminate: async (run) => {
        await terminateRun(deps, run);
      },
      retry: async (run) => {
        if (!RETRYABLE_RUN_STATES.has(run.state)) {
          throw new SkiffError(
            'SKIFF_API_PRECONDITION',
            `run ${run.id} is ${run.state}; only a FAILED or CANCELED run can be retried`,
          );
        }
        // Succeeded and cached tasks are kept; the others run again in a new retry round, their
        // earlier attempts kept (numbers go on; the retry policy's budget starts afresh).
        await prepareRetry(metadata, run);
        await publishRetry(deps, run);
        deps.worker.enqueue(run.id);
      },
      archive: async (run) => {
        await metadata.runs.update(run.id, { storageState: 'ARCHIVED' });
        publishStorageState(deps.events, run, 'ARCHIVED');
      },
      unarchive: async (run) => {
        // KFP: a run of an archived experiment is restored only after its experiment.
        const experiment =
          run.experimentId === null ? undefined : await metadata.experiments.get(run.experimentId);
        if (experiment?.storageState === 'ARCHIVED')
          throw archivedExperimentError(experiment, `unarchive run ${run.id}`);
        await metadata.runs.update(run.id, { storageState: 'AVAILABLE' });
        publishStorageState(deps.events, run, 'AVAILABLE');
      },
    };
    app.post<{ Params: { run_action: string } }>(`${V2}/runs/:run_action`, async (request) => {
      const text = request.params.run_action;
      const colon = text.lastIndexOf(':');
      const action = colon < 0 ? undefined : actions[text.slice(colon + 1)];
      if (action === undefined) {
        throw new SkiffError('SKIFF_API_NOT_FOUND', `no route POST ${V2}/runs/${text}`, {
          fix: 'Use POST /apis/v2beta1/runs/{run_id}:terminate, :retry, :archive or :unarchive.',
        });
      }
      await action(await findRun(deps, text.slice(0, colon)));
      return {};
    });

    app.delete<{ Params: { run_id: string } }>(`${V2}/runs/:run_id`, async (request) => {
      const run = await findRun(deps, request.params.run_id);
      await deleteRun(deps, run);
      deps.events.closeRun(run.id);
      publishDeleted(deps.events, run.id);
      return {};
    });
  };
}

/** Tell the event streams a retried run is PENDING again, with the tasks it reset. */
async function publishRetry(deps: ServerDeps, run: RunRecord): Promise<void> {
  deps.events.publish({ type: 'run', runId: run.id, state: 'PENDING', displayName: run.displayName });
  for (const task of await deps.services.metadata.tasks.listByRun(run.id)) {
    if (task.state !== 'PENDING') continue;
    deps.events.publish({
      type: 'task',
      runId: run.id,
      taskId: task.id,
      path: task.path,
      kind: task.kind,
      state: 'PENDING',
    });
  }
}

async function findRun(deps: ServerDeps, id: string): Promise<RunRecord> {
  const run = await deps.services.metadata.runs.get(id);
  if (!run) throw new SkiffError('SKIFF_API_NOT_FOUND', `no run has id "${id}"`, { location: 'run_id' });
  return run;
}
