import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SkiffError } from '../../../errors/index.js';
import type { PipelineVersionRecord } from '../../../metadata/index.js';
import { pipelineVersionJson } from '../../kfp/kfp-json.js';
import { PIPELINE_VERSION_RESOURCE } from '../../kfp/kfp-resources.js';
import { kfpListFields, parseKfpListRequest, single } from '../../kfp/list-query.js';
import { newPipelineVersion, requirePipeline } from '../../kfp/pipeline-catalog.js';
import { type AcceptedSpec, acceptInlineSpec, acceptUploadedSpec } from '../../kfp/pipeline-spec-input.js';
import { parseRequestBody } from '../../kfp/request-body.js';
import { serverPageTokens } from '../../kfp/server-page-tokens.js';
import { descriptionText, idText, nameText, shortText, uploadNames, uriText } from '../../kfp/text-limits.js';
import { readUploadFile } from '../../kfp/upload-file.js';
import type { ServerDeps } from '../../server-deps.js';
import type { SpecPool } from '../../spec-check/index.js';

const BASE = '/apis/v2beta1/pipelines';

/** `v2beta1PipelineVersion` as a body: `pipeline_spec` inline (bare or wrapped with `platform_spec`). */
export const PipelineVersionBody = z.strictObject({
  pipeline_id: idText.optional(),
  pipeline_version_id: idText.optional(),
  name: nameText.optional(),
  display_name: nameText.optional(),
  description: descriptionText.optional(),
  created_at: shortText.optional(),
  package_url: z.strictObject({ pipeline_url: uriText }).optional(),
  code_source_url: uriText.optional(),
  pipeline_spec: z.record(z.string(), z.unknown()).optional(),
  error: z.unknown().optional(),
});

/** Validates a version body's spec; a `package_url` alone is refused (Skiff does not fetch pipelines). */
export async function acceptVersionBody(
  specs: SpecPool,
  body: z.infer<typeof PipelineVersionBody>,
  where: string,
): Promise<AcceptedSpec> {
  if (body.pipeline_spec !== undefined) {
    return acceptInlineSpec(specs, body.pipeline_spec, `${where}.pipeline_spec`);
  }
  const url = body.package_url?.pipeline_url;
  throw new SkiffError(
    'SKIFF_API_BAD_REQUEST',
    url === undefined
      ? `${where} has no pipeline_spec`
      : `${where}.package_url.pipeline_url "${url}" is not fetched by Skiff`,
    {
      fix: 'Send the compiled pipeline inline as pipeline_spec, or upload it with POST /apis/v2beta1/pipelines/upload_version.',
    },
  );
}

/** KFP v2beta1 pipeline versions: create (inline spec), upload_version (multipart), list, get, delete. */
export function pipelineVersionRoutes() {
  return (app: FastifyInstance, deps: ServerDeps): void => {
    const store = deps.services.metadata;
    const tokens = serverPageTokens(deps);
    const versionJson = async (version: PipelineVersionRecord) =>
      pipelineVersionJson(version, await deps.specs.run({ kind: 'object', text: version.specText }));

    app.post<{ Params: { pipeline_id: string } }>(`${BASE}/:pipeline_id/versions`, async (request) => {
      const pipeline = await requirePipeline(store, request.params.pipeline_id);
      const body = parseRequestBody(PipelineVersionBody, request.body, 'pipeline_version');
      if (body.pipeline_id !== undefined && body.pipeline_id !== '' && body.pipeline_id !== pipeline.id) {
        throw new SkiffError(
          'SKIFF_API_BAD_REQUEST',
          `pipeline_version.pipeline_id "${body.pipeline_id}" differs from the pipeline ${pipeline.id} in the path`,
        );
      }
      const accepted = await acceptVersionBody(deps.specs, body, 'pipeline_version');
      const version = newPipelineVersion(
        pipeline.id,
        { name: body.name, displayName: body.display_name, description: body.description },
        accepted,
      );
      await store.pipelineVersions.create(version);
      return versionJson(version);
    });

    app.post(`${BASE}/upload_version`, async (request) => {
      const query = request.query as Record<string, unknown>;
      const pipelineId = single(query, 'pipelineid') ?? single(query, 'pipeline_id');
      if (!pipelineId) {
        throw new SkiffError('SKIFF_API_BAD_REQUEST', 'upload_version needs the query parameter pipelineid');
      }
      const pipeline = await requirePipeline(store, pipelineId);
      const file = await readUploadFile(request);
      const accepted = await acceptUploadedSpec(deps.specs, file.bytes, file.fileName);
      const version = newPipelineVersion(pipeline.id, uploadNames(query, accepted), accepted);
      await store.pipelineVersions.create(version);
      return versionJson(version);
    });

    app.get<{ Params: { pipeline_id: string } }>(`${BASE}/:pipeline_id/versions`, async (request) => {
      const pipeline = await requirePipeline(store, request.params.pipeline_id);
      const list = parseKfpListRequest(request.query, PIPELINE_VERSION_RESOURCE, tokens, [
        { field: 'pipelineId', op: 'eq', value: pipeline.id },
      ]);
      const page = await store.pipelineVersions.list(list.query);
      return {
        pipeline_versions: await Promise.all(page.items.map(versionJson)),
        ...kfpListFields(page, list, tokens),
      };
    });

    app.get<{ Params: { pipeline_id: string; version_id: string } }>(
      `${BASE}/:pipeline_id/versions/:version_id`,
      async (request) => versionJson(await requireVersion(deps, request.params)),
    );

    app.delete<{ Params: { pipeline_id: string; version_id: string } }>(
      `${BASE}/:pipeline_id/versions/:version_id`,
      async (request) => {
        const version = await requireVersion(deps, request.params);
        await store.pipelineVersions.delete(version.id);
        return {};
      },
    );
  };
}

async function requireVersion(deps: ServerDeps, params: { pipeline_id: string; version_id: string }) {
  const version = await deps.services.metadata.pipelineVersions.get(params.version_id);
  if (version === undefined || version.pipelineId !== params.pipeline_id) {
    throw new SkiffError(
      'SKIFF_API_NOT_FOUND',
      `pipeline ${params.pipeline_id} has no version ${params.version_id}`,
      { fix: `List its versions with GET ${BASE}/${params.pipeline_id}/versions.` },
    );
  }
  return version;
}
