import { keyUnderRoot, pathToFileUri, type StoreLookup } from '../storage/index.js';
import { type FileRoots, servableFile } from './file-roots.js';

/**
 * The URI to read for `asked` (an artifact's URI, or a file inside it): for a local store, the
 * file's real path once servableFile allows it (SKIFF_ARTIFACT_FORBIDDEN otherwise); remote URIs
 * as they are (object stores hold no links).
 */
export async function servableUri(
  artifactUri: string,
  asked: string,
  storeFor: StoreLookup,
  roots: FileRoots,
): Promise<string> {
  const store = storeFor(artifactUri);
  if (!store.localPath) return asked;
  const base = store.localPath(keyUnderRoot(artifactUri, store.rootUri));
  const target = store.localPath(keyUnderRoot(asked, store.rootUri));
  const real = await servableFile(base, target, roots, artifactUri);
  return real === undefined || real === target ? asked : pathToFileUri(real);
}
