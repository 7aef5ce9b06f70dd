import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSkiffError, SkiffError } from '../errors/index.js';
import { refuseLinksOutside } from '../local-fs/index.js';
import type { ArtifactValue } from '../metadata/records.js';
import type { ObjectStore } from '../storage/object-store.js';
import { fileUriToPath, keyUnderRoot, parseStorageUri } from '../storage/uri.js';
import { safeSegment } from './attempt-layout.js';
import type { CollectedArtifact } from './collect-outputs.js';
import type { ArtifactListJson, RuntimeArtifactJson } from './executor-input.js';

/** Resolves the store for a pipeline root or artifact URI (may throw SKIFF_STORAGE_NO_PROVIDER). */
export type StoreFor = (uri: string) => ObjectStore;

/** Input artifacts as the process sees them. */
export interface StagedInputs {
  /** `inputs.artifacts` of the executor input. */
  readonly artifacts: Record<string, ArtifactListJson>;
  /** Local path of the first artifact of each input (`{{$.inputs.artifacts['x'].path}}`). */
  readonly paths: Record<string, string>;
  /** `{uri: local path}` for every input artifact (SKIFF_ARTIFACT_PATHS). */
  readonly uriPaths: Record<string, string>;
}

/**
 * Make input artifacts readable as local files: a store with local paths is used in place,
 * anything else is downloaded into `inputsDir/<name>/<index>/<basename>`.
 */
export async function stageInputs(
  inputs: Readonly<Record<string, readonly ArtifactValue[]>>,
  inputsDir: string,
  storeFor: StoreFor,
): Promise<StagedInputs> {
  const staged: StagedInputs = { artifacts: {}, paths: {}, uriPaths: {} };
  for (const [name, list] of Object.entries(inputs)) {
    const artifacts: RuntimeArtifactJson[] = [];
    for (const [index, artifact] of list.entries()) {
      const localPath = await localCopy(
        artifact,
        name,
        path.join(inputsDir, safeSegment(name), String(index)),
        storeFor,
      );
      staged.uriPaths[artifact.uri] = localPath;
      if (index === 0) staged.paths[name] = localPath;
      artifacts.push({
        name: artifact.name,
        uri: artifact.uri,
        type: { schemaTitle: artifact.schemaTitle, schemaVersion: artifact.schemaVersion },
        metadata: artifact.metadata,
      });
    }
    staged.artifacts[name] = { artifacts };
  }
  return staged;
}

async function localCopy(
  artifact: ArtifactValue,
  input: string,
  dir: string,
  storeFor: StoreFor,
): Promise<string> {
  let store: ObjectStore;
  try {
    store = storeFor(artifact.uri);
  } catch (error) {
    const scheme = safeScheme(artifact.uri);
    const reason = isSkiffError(error) ? `${error.code}: ${error.message}` : String(error);
    throw new SkiffError(
      'SKIFF_EXEC_NOT_LOCAL',
      `input artifact "${input}" is at ${artifact.uri}, and this machine has no storage provider for ${scheme}:// (${reason})`,
      {
        fix: `Add a storage provider for ${scheme}:// to storage.providers, or run the pipeline where that storage is reachable.`,
        cause: error,
      },
    );
  }
  const key = keyUnderRoot(artifact.uri, store.rootUri);
  if (store.localPath) return store.localPath(key);
  const target = path.join(dir, path.posix.basename(key) || 'artifact');
  await store.getPath(key, target);
  return target;
}

function safeScheme(uri: string): string {
  try {
    return parseStorageUri(uri).scheme;
  } catch {
    return uri.split(':')[0] ?? uri;
  }
}

/** Where an attempt's output artifacts may be: staged paths by output name, and the attempt directory. */
export interface OutputStaging {
  readonly stagedPaths: Readonly<Record<string, string>>;
  /** Default URI of each output (used for content the process left inside the attempt directory). */
  readonly defaultUris: Readonly<Record<string, string>>;
  readonly attemptDir: string;
}

/**
 * Publish output artifacts and return them as values with fresh ids. The content comes from the
 * artifact's `custom_path`, else from a `file://` URI or a bare path inside the attempt directory (e.g.
 * `dsl.get_uri()`; published at the default URI instead), else from the staged path. Stores with
 * local paths get it moved into place, others uploaded with putPath. Like KFP, an artifact the process
 * did not write is still recorded.
 */
export async function publishOutputs(
  artifacts: Readonly<Record<string, readonly CollectedArtifact[]>>,
  staging: OutputStaging,
  storeFor: StoreFor,
  newId: () => string,
): Promise<Record<string, ArtifactValue[]>> {
  const published: Record<string, ArtifactValue[]> = {};
  for (const [name, list] of Object.entries(artifacts)) {
    published[name] = [];
    for (const [index, artifact] of list.entries()) {
      let uri = artifact.uri;
      // A returned artifact may name local content: a file:// URI, or (remote roots) a bare path such as dsl.get_uri() gives.
      const local = uri.startsWith('file:') ? fileUriToPath(uri) : path.isAbsolute(uri) ? uri : null;
      const what = `output artifact "${name}"`;
      if (artifact.customPath && existsSync(artifact.customPath)) {
        // Content outside the attempt directory belongs to someone else: copied, never moved.
        const own = isInside(artifact.customPath, staging.attemptDir);
        await publish(artifact.customPath, uri, storeFor, what, own);
      } else if (local !== null && isInside(local, staging.attemptDir) && existsSync(local)) {
        uri =
          index === 0 ? (staging.defaultUris[name] ?? uri) : `${staging.defaultUris[name] ?? uri}-${index}`;
        await publish(local, uri, storeFor, what, true);
      } else if (
        index === 0 &&
        staging.stagedPaths[name] !== undefined &&
        existsSync(staging.stagedPaths[name])
      ) {
        await publish(staging.stagedPaths[name], uri, storeFor, what, true);
      }
      published[name].push({
        id: newId(),
        name: artifact.name,
        uri,
        schemaTitle: artifact.type.schemaTitle,
        schemaVersion: artifact.type.schemaVersion,
        metadata: artifact.metadata,
      });
    }
  }
  return published;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative);
}

/**
 * Store `staged` at `uri`: moved into a local store when `movable` (else copied), uploaded to
 * others. Refused (SKIFF_OUTPUT_LINK) when it is or holds a link out of itself.
 */
async function publish(
  staged: string,
  uri: string,
  storeFor: StoreFor,
  what: string,
  movable: boolean,
): Promise<void> {
  await refuseLinksOutside(staged, what);
  const store = storeFor(uri);
  const key = keyUnderRoot(uri, store.rootUri);
  if (!store.localPath || !movable) {
    await store.putPath(key, staged);
    return;
  }
  const target = store.localPath(key);
  if (path.resolve(target) === path.resolve(staged)) return;
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(staged, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
      throw new SkiffError(
        'SKIFF_STORAGE_IO',
        `cannot move staged artifact ${staged} to ${uri}: ${String(error)}`,
        { cause: error },
      );
    }
    await store.putPath(key, staged);
  }
}
