import fs from 'node:fs/promises';
import path from 'node:path';
import { type LoadedConfig, localPathOfUri } from '../config/index.js';
import { SkiffError } from '../errors/index.js';

/** The directories whose files the server may serve, and the files it never serves (its own database). */
export interface FileRoots {
  readonly dirs: readonly string[];
  /** Where the list came from, for messages: `server.fileRoots (set in …)` or the defaults. */
  readonly source: string;
  readonly never: readonly string[];
}

/**
 * The server's file roots: `server.fileRoots` when set (absolute paths or file:// URIs), else
 * the file:// pipelineRoot, server.pipelineRoots and home. The SQLite metadata store (with its secrets) is never served.
 */
export function fileRootsOf(loaded: LoadedConfig): FileRoots {
  const { config, sources } = loaded;
  const given = config.server.fileRoots;
  const dirs =
    given !== undefined
      ? given.map(localDir)
      : [
          ...(config.pipelineRoot.startsWith('file://') ? [localDir(config.pipelineRoot)] : []),
          ...(config.server.pipelineRoots ?? []).map(localDir),
          localDir(config.home),
        ];
  const db = config.metadata.url.startsWith('sqlite://')
    ? localDir(localPathOfUri(config.metadata.url))
    : undefined;
  return {
    dirs,
    source:
      given !== undefined
        ? `server.fileRoots (set in ${sources.get('server.fileRoots') ?? 'default'})`
        : 'server.fileRoots (unset: the file:// pipelineRoot, server.pipelineRoots and home)',
    never: db === undefined ? [] : [db, `${db}-wal`, `${db}-shm`, `${db}-journal`],
  };
}

/** The absolute local path of a configured directory: a path, or a file:// URI. */
export function localDir(entry: string): string {
  return path.resolve(entry.startsWith('file://') ? localPathOfUri(entry) : entry);
}

/** True when `file` is `dir` or lies under it (both absolute, already resolved). */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative));
}

async function realOrUndefined(file: string): Promise<string | undefined> {
  return fs.realpath(file).catch(() => undefined);
}

function forbidden(message: string): SkiffError {
  return new SkiffError('SKIFF_ARTIFACT_FORBIDDEN', message);
}

/**
 * Where to read local artifact content from, with every link resolved: `base` is the artifact's
 * path, `target` the file asked for (`base` or a file inside it). SKIFF_ARTIFACT_FORBIDDEN when the
 * artifact is outside the file roots, is itself a link, or `target` leads out of it through a link;
 * undefined when there is nothing there (the caller answers 404).
 */
export async function servableFile(
  base: string,
  target: string,
  roots: FileRoots,
  artifactUri: string,
): Promise<string | undefined> {
  const stat = await fs.lstat(base).catch(() => undefined);
  if (stat === undefined) return undefined;
  if (stat.isSymbolicLink()) {
    return Promise.reject(
      forbidden(
        `artifact ${artifactUri} is a symbolic link, which leads out of the artifact; it is not served`,
      ),
    );
  }
  const realBase = (await realOrUndefined(base))!;
  const realRoots = (await Promise.all(roots.dirs.map(realOrUndefined))).filter((d) => d !== undefined);
  if (!realRoots.some((dir) => isInside(realBase, dir))) {
    throw forbidden(
      `artifact ${artifactUri} is outside the directories the server serves (${roots.source}: ${roots.dirs.join(', ') || 'none'})`,
    );
  }
  const realTarget = await realOrUndefined(target);
  if (realTarget === undefined) return undefined;
  if (!isInside(realTarget, realBase)) {
    throw forbidden(
      `${path.relative(base, target) || 'the artifact'} in artifact ${artifactUri} is a symbolic link that leads out of the artifact; it is not served`,
    );
  }
  if (roots.never.includes(realTarget)) {
    const what =
      realTarget === realBase ? artifactUri : `${path.relative(base, target)} in artifact ${artifactUri}`;
    throw new SkiffError(
      'SKIFF_ARTIFACT_FORBIDDEN',
      `${what} is the server's metadata store; it is never served`,
      {
        fix: 'Nothing to change in the server: its metadata store (with every run and setting) is not an artifact. Ask for another file of the artifact.',
      },
    );
  }
  return realTarget;
}
