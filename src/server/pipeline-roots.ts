import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadedConfig, withRunValues } from '../config/index.js';
import { SkiffError } from '../errors/index.js';
import { parseStorageUri } from '../storage/index.js';
import { isInside, localDir } from './file-roots.js';
import type { ServerDeps } from './server-deps.js';

/** The local directories under which a run created through the API may put a `file://` pipeline root. */
export interface PipelineRoots {
  readonly dirs: readonly string[];
  /** Where the list came from, for messages: `pipelineRoot (set in …) and server.pipelineRoots (set in …)`. */
  readonly source: string;
}

/** The configured `file://` pipelineRoot (always) and the directories of `server.pipelineRoots`. */
export function pipelineRootsOf(loaded: LoadedConfig): PipelineRoots {
  const { config, sources } = loaded;
  const configured =
    parseStorageUri(config.pipelineRoot).scheme === 'file' ? [localDir(config.pipelineRoot)] : [];
  const listed = (config.server.pipelineRoots ?? []).map(localDir);
  const listedSource =
    config.server.pipelineRoots === undefined
      ? 'server.pipelineRoots (unset)'
      : `server.pipelineRoots (set in ${sources.get('server.pipelineRoots') ?? 'default'})`;
  return {
    dirs: [...configured, ...listed],
    source: `pipelineRoot (set in ${sources.get('pipelineRoot') ?? 'default'}) and ${listedSource}`,
  };
}

/**
 * Refuses a `file://` pipeline root given through the API (`field`, e.g.
 * `runtime_config.pipeline_root`) outside `roots`: SKIFF_PIPELINE_ROOT_FORBIDDEN naming the root,
 * the allowed directories and the setting. The path is compared as the store will write it:
 * percent escapes decoded, `.` and `..` resolved, and links in its existing part followed. Other
 * schemes pass (their provider decides).
 */
export async function checkPipelineRoot(uri: string, roots: PipelineRoots, field: string): Promise<void> {
  const parsed = parseStorageUri(uri);
  if (parsed.scheme !== 'file') return;
  let wanted: string;
  try {
    // WHATWG URL parsing drops `.` and `..` segments, also percent-encoded ones (%2e%2e).
    wanted = fileURLToPath(`file:///${parsed.path}`);
  } catch (cause) {
    throw new SkiffError(
      'SKIFF_STORAGE_BAD_URI',
      `${field} "${uri}" is not a local path: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        location: field,
        fix: 'Write the root as file:///absolute/path, without an encoded "/" (%2F) or NUL.',
      },
    );
  }
  const real = await realPathOf(wanted);
  const allowed = await Promise.all(roots.dirs.map(realPathOf));
  if (allowed.some((dir) => isInside(real, dir))) return;
  const shown = real === wanted ? wanted : `${wanted}, which is ${real} once links are followed`;
  throw new SkiffError(
    'SKIFF_PIPELINE_ROOT_FORBIDDEN',
    `${field} "${uri}" (${shown}) is outside the directories runs created through the API may write to: ${roots.dirs.join(', ') || '(none)'}, from ${roots.source}`,
    {
      location: field,
      fix: `Leave ${field} out to use the configured pipelineRoot, choose a root under ${roots.dirs.join(' or ') || 'an allowed directory'}, or add its directory to server.pipelineRoots (SKIFF_SERVER_PIPELINE_ROOTS) and restart the server.`,
    },
  );
}

/** `target` with every link of its longest existing ancestor resolved (the rest kept as written). */
async function realPathOf(target: string): Promise<string> {
  const missing: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const real = await fs.realpath(dir).catch(() => undefined);
    if (real !== undefined) return path.join(real, ...missing.reverse());
    if (path.dirname(dir) === dir) return path.resolve(target);
    missing.push(path.basename(dir));
  }
}

const FIELD = 'runtime_config.pipeline_root';

/**
 * The pipeline root of a run (or recurring run) created through the API: the configured one, or
 * `given`, which must be allowed (checkPipelineRoot) and served by a storage provider. Bad input
 * throws before anything is stored.
 */
export async function apiPipelineRoot(
  deps: Pick<ServerDeps, 'loaded' | 'services'>,
  given: string | undefined,
): Promise<string> {
  const loaded =
    given === undefined ? deps.loaded : withRunValues(deps.loaded, { pipelineRoot: given }, 'api');
  const pipelineRoot = loaded.config.pipelineRoot;
  if (given !== undefined) await checkPipelineRoot(pipelineRoot, pipelineRootsOf(deps.loaded), FIELD);
  // A root no provider serves is bad input too.
  deps.services.stores.resolveRoot(pipelineRoot, given === undefined ? undefined : FIELD);
  return pipelineRoot;
}
