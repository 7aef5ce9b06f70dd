import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SkiffError } from '../../../errors/index.js';
import type { ListPredicate, PipelineField } from '../../../metadata/index.js';
import { pipelineJson } from '../../kfp/kfp-json.js';
import { PIPELINE_RESOURCE } from '../../kfp/kfp-resources.js';
import { kfpListFields, parseKfpListRequest, single } from '../../kfp/list-query.js';
import {
  createPipelineWithVersion,
  newPipeline,
  newPipelineVersion,
  requirePipeline,
} from '../../kfp/pipeline-catalog.js';
import { acceptUploadedSpec } from '../../kfp/pipeline-spec-input.js';
import { parseRequestBody } from '../../kfp/request-body.js';
import { serverPageTokens } from '../../kfp/server-page-tokens.js';
import {
  checkLength,
  descriptionText,
  idText,
  MAX_NAME_CHARS,
  nameText,
  shortText,
  uploadNames,
} from '../../kfp/text-limits.js';
import { readUploadFile } from '../../kfp/upload-file.js';
import { MAX_UPLOAD_BYTES } from '../../limits.js';
import type { ServerDeps } from '../../server-deps.js';
import { acceptVersionBody, PipelineVersionBody } from './pipeline-versions.js';

const BASE = '/apis/v2beta1/pipelines';

/** `v2beta1Pipeline` as a body: output-only fields accepted and ignored, unknown ones refused. */
const PipelineBody = z.strictObject({
  pipeline_id: idText.optional(),
  name: nameText.optional(),
  display_name: nameText.optional(),
  description: descriptionText.optional(),
  created_at: shortText.optional(),
  namespace: nameText.optional(),
  error: z.unknown().optional(),
});
const CreateBody = z.strictObject({ pipeline: PipelineBody, pipeline_version: PipelineVersionBody });

/**
 * KFP v2beta1 pipelines: create, create with a first version, upload (multipart `uploadfile`),
 * list, get, get by name, delete (with `?cascade=true` for pipelines that have versions).
 */
export function pipelineRoutes() {
  return async (app: FastifyInstance, deps: ServerDeps): Promise<void> => {
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, parts: 100 } });
    }
    const store = deps.services.metadata;
    const tokens = serverPageTokens(deps);

    app.post(BASE, async (request) => {
      const body = parseRequestBody(PipelineBody, request.body, 'pipeline');
      const pipeline = newPipeline(namesOf(body), body.namespace);
      await store.pipelines.create(pipeline);
      return pipelineJson(pipeline);
    });

    app.post(`${BASE}/create`, async (request) => {
      const body = parseRequestBody(CreateBody, request.body, 'request');
      const pipeline = newPipeline(namesOf(body.pipeline), body.pipeline.namespace);
      const accepted = await acceptVersionBody(deps.specs, body.pipeline_version, 'pipeline_version');
      const version = newPipelineVersion(
        pipeline.id,
        namesOf(body.pipeline_version, pipeline.name),
        accepted,
      );
      await createPipelineWithVersion(store, pipeline, version);
      return pipelineJson(pipeline);
    });

    app.post(`${BASE}/upload`, async (request) => {
      const query = request.query as Record<string, unknown>;
      const file = await readUploadFile(request);
      const accepted = await acceptUploadedSpec(deps.specs, file.bytes, file.fileName);
      const given = uploadNames(query, accepted);
      const fallback = () =>
        checkLength(
          baseName(file.fileName),
          'the uploaded file name (the default pipeline name)',
          MAX_NAME_CHARS,
        );
      const names = { ...given, name: given.name || given.displayName || fallback() };
      const namespace = checkLength(single(query, 'namespace'), 'query parameter namespace', MAX_NAME_CHARS);
      const pipeline = newPipeline(names, namespace);
      const version = newPipelineVersion(pipeline.id, { ...names, name: pipeline.name }, accepted);
      await createPipelineWithVersion(store, pipeline, version);
      return pipelineJson(pipeline);
    });

    app.get(BASE, async (request) => {
      const query = request.query as Record<string, unknown>;
      const namespace = single(query, 'namespace');
      const fixed: ListPredicate<PipelineField>[] =
        namespace === undefined || namespace === ''
          ? []
          : [{ field: 'namespace', op: 'eq', value: namespace }];
      const list = parseKfpListRequest(query, PIPELINE_RESOURCE, tokens, fixed);
      const page = await store.pipelines.list(list.query);
      return { pipelines: page.items.map(pipelineJson), ...kfpListFields(page, list, tokens) };
    });

    app.get<{ Params: { name: string } }>(`${BASE}/names/:name`, async (request) => {
      const namespace = single(request.query as Record<string, unknown>, 'namespace') ?? '';
      const pipeline = await store.pipelines.getByName(namespace, request.params.name);
      if (pipeline === undefined) {
        const where = namespace === '' ? '' : ` in namespace "${namespace}"`;
        throw new SkiffError('SKIFF_API_NOT_FOUND', `no pipeline is named "${request.params.name}"${where}`);
      }
      return pipelineJson(pipeline);
    });

    app.get<{ Params: { pipeline_id: string } }>(`${BASE}/:pipeline_id`, async (request) =>
      pipelineJson(await requirePipeline(store, request.params.pipeline_id)),
    );

    app.delete<{ Params: { pipeline_id: string } }>(`${BASE}/:pipeline_id`, async (request) => {
      const pipeline = await requirePipeline(store, request.params.pipeline_id);
      const cascade = single(request.query as Record<string, unknown>, 'cascade');
      if (cascade !== undefined && cascade !== 'true' && cascade !== 'false') {
        throw new SkiffError(
          'SKIFF_API_BAD_REQUEST',
          `query parameter cascade is "${cascade}"; use true or false`,
        );
      }
      if (cascade !== 'true') {
        const versions = await store.pipelineVersions.list({
          predicates: [{ field: 'pipelineId', op: 'eq', value: pipeline.id }],
          sort: { field: 'createdAtMs', descending: true },
          limit: 5,
        });
        if (versions.totalSize > 0) {
          const ids = versions.items.map((version) => version.id).join(', ');
          const more = versions.totalSize > versions.items.length ? ', ...' : '';
          throw new SkiffError(
            'SKIFF_API_PRECONDITION',
            `pipeline ${pipeline.id} still has ${versions.totalSize} version(s) (${ids}${more})`,
            { fix: `Delete its versions first, or delete with ?cascade=true to remove them too.` },
          );
        }
      }
      await store.pipelines.delete(pipeline.id);
      return {};
    });
  };
}

function namesOf(
  body: { name?: string | undefined; display_name?: string | undefined; description?: string | undefined },
  fallbackName?: string,
) {
  return {
    name: body.name || body.display_name || fallbackName,
    displayName: body.display_name,
    description: body.description,
  };
}

function baseName(fileName: string): string {
  const base = fileName.split(/[\\/]/).at(-1) ?? fileName;
  return base.replace(/\.(ya?ml|json)$/i, '') || 'pipeline';
}
