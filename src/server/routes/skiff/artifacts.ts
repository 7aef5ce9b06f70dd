import type { FastifyInstance } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import { checkObjectKey, keyUnderRoot, openUri, sizeOfUri } from '../../../storage/index.js';
import { servableUri } from '../../artifact-access.js';
import { sendByteRange } from '../../byte-range.js';
import { fileRootsOf } from '../../file-roots.js';
import { single } from '../../kfp/list-query.js';
import type { ServerDeps } from '../../server-deps.js';

/**
 * Skiff API, artifact content from wherever the engine wrote it (the same configuration, so the
 * same store): `GET /apis/skiff/v1/artifacts/{artifact_id}` with HTTP Range; a directory artifact
 * answers its file list, and `?path=REL` one of its files.
 */
export function artifactRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const fileRoots = fileRootsOf(deps.loaded);
  app.get<{ Params: { artifact_id: string } }>(
    '/apis/skiff/v1/artifacts/:artifact_id',
    async (request, reply) => {
      const artifact = await deps.services.metadata.artifacts.get(request.params.artifact_id);
      if (!artifact)
        throw new SkiffError('SKIFF_API_NOT_FOUND', `no artifact has id "${request.params.artifact_id}"`);
      const storeFor = deps.services.stores.storeFor;
      const relative = single(request.query as Record<string, unknown>, 'path');
      if (relative !== undefined) checkObjectKey(relative);
      // A file:// URI is percent-encoded (a key named "%" or "a b" must be written %25, a%20b); object keys are not.
      const joined = artifact.uri.startsWith('file:')
        ? relative?.split('/').map(encodeURIComponent).join('/')
        : relative;
      const asked = joined === undefined ? artifact.uri : `${artifact.uri.replace(/\/+$/, '')}/${joined}`;
      // Local content is read from its real path, once it is known to be inside the file roots and the artifact.
      const uri = await servableUri(artifact.uri, asked, storeFor, fileRoots);
      const size = await sizeOfUri(uri, storeFor);
      if (size === undefined) {
        if (relative === undefined) {
          const store = storeFor(artifact.uri);
          const key = keyUnderRoot(artifact.uri, store.rootUri);
          const files: { path: string; size_bytes: number }[] = [];
          for await (const info of store.list(`${key}/`))
            files.push({ path: info.key.slice(key.length + 1), size_bytes: info.sizeBytes });
          if (files.length > 0)
            return { artifact_id: artifact.id, uri: artifact.uri, directory: true, files };
        }
        throw new SkiffError('SKIFF_API_NOT_FOUND', `artifact ${artifact.id} has no content at ${uri}`);
      }
      void reply.header('content-type', 'application/octet-stream');
      return sendByteRange(reply, request.headers.range, size, (start, end) =>
        openUri(uri, storeFor, start, end),
      );
    },
  );
}
