import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SkiffError } from '../errors/index.js';

/** A storage URI split into its parts: `s3://bucket/a/b` → `{ scheme: 's3', bucket: 'bucket', path: 'a/b' }`. */
export interface StorageUri {
  /** Lower-case scheme without `://`, e.g. `file`, `s3`, `minio`, `gs`. */
  readonly scheme: string;
  /** Bucket (or host) part; empty for `file://` URIs. */
  readonly bucket: string;
  /** The rest, without leading or trailing `/` (for `file://`, the absolute path without its leading `/`). */
  readonly path: string;
}

const URI_PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(\/.*)?$/;

/** Parse a pipeline-root or artifact URI; SKIFF_STORAGE_BAD_URI when it has no `scheme://`. */
export function parseStorageUri(uri: string): StorageUri {
  const match = URI_PATTERN.exec(uri);
  if (!match) {
    throw new SkiffError(
      'SKIFF_STORAGE_BAD_URI',
      `URI ${JSON.stringify(uri)} is not of the form scheme://bucket/path`,
      {
        fix: 'Write the location as file:///absolute/path, s3://bucket/prefix or minio://bucket/prefix.',
      },
    );
  }
  const scheme = match[1]!.toLowerCase();
  const host = match[2] ?? '';
  const rest = (match[3] ?? '').replace(/^\/+|\/+$/g, '');
  if (scheme === 'file') {
    if (host !== '' && host !== 'localhost') {
      throw new SkiffError('SKIFF_STORAGE_BAD_URI', `file URI ${JSON.stringify(uri)} names host "${host}"`, {
        fix: 'Write file URIs with three slashes and an absolute path: file:///home/me/artifacts.',
      });
    }
    return { scheme, bucket: '', path: rest };
  }
  return { scheme, bucket: host, path: rest };
}

/**
 * SKIFF_STORAGE_BAD_URI unless `uri` can be a pipeline root: every path of a run is made by adding
 * to it, so a query or fragment (`?`, `#`) would swallow what follows, and a control character (a
 * NUL, also written %00 in a file:// path) names no file. `source` says where the root was set.
 */
export function checkPipelineRootUri(uri: string, source: string): void {
  const bad = (why: string) =>
    new SkiffError(
      'SKIFF_STORAGE_BAD_URI',
      `pipeline root ${JSON.stringify(uri)} (set in ${source}) ${why}`,
      {
        fix: 'Write the root as file:///absolute/path, s3://bucket/prefix or minio://bucket/prefix, without "?", "#" or control characters.',
      },
    );
  if (/[?#]/.test(uri))
    throw bad('has a query or fragment ("?" or "#"), which the paths under it would lose');
  if (/[\x00-\x1f\x7f]/.test(uri)) throw bad('holds a control character');
  const parsed = parseStorageUri(uri);
  if (parsed.scheme === 'file' && /%00/.test(parsed.path)) throw bad('holds an encoded NUL (%00)');
}

/** The absolute local path of a `file://` URI (RFC 8089: percent escapes decoded, as Python's runtime does). */
export function fileUriToPath(uri: string): string {
  const parsed = parseStorageUri(uri);
  if (parsed.scheme !== 'file') {
    throw new SkiffError('SKIFF_STORAGE_BAD_URI', `URI ${JSON.stringify(uri)} is not a file:// URI`);
  }
  try {
    return fileURLToPath(`file:///${parsed.path}`);
  } catch {
    return `/${parsed.path}`;
  }
}

/** The `file://` URI of a local path (made absolute, no trailing slash, percent-encoded like Node's pathToFileURL). */
export function pathToFileUri(localPath: string): string {
  const href = pathToFileURL(path.resolve(localPath)).href;
  return href === 'file:///' ? href : href.replace(/\/+$/, '');
}

/** True when `uri` is `root` itself or lies under it (`root/...`). */
export function isUnderUri(uri: string, root: string): boolean {
  const base = root.replace(/\/+$/, '');
  return uri === base || uri.startsWith(`${base}/`);
}

/**
 * The object key of `uri` relative to the store root `root`; SKIFF_STORAGE_BAD_URI when outside it.
 * `file://` URIs are compared as decoded paths, so differently percent-encoded spellings agree.
 */
export function keyUnderRoot(uri: string, root: string): string {
  if (uri.startsWith('file:') && root.startsWith('file:')) {
    const relative = path.relative(fileUriToPath(root), fileUriToPath(uri));
    if (relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative))
      return relative.split(path.sep).join('/');
  } else if (isUnderUri(uri, root)) {
    return uri.slice(root.replace(/\/+$/, '').length).replace(/^\/+/, '');
  }
  throw new SkiffError(
    'SKIFF_STORAGE_BAD_URI',
    `URI ${JSON.stringify(uri)} is not under the store root ${JSON.stringify(root)}`,
    {
      fix: 'Resolve the store with storeFor(uri) for this URI, or use a URI under the pipeline root.',
    },
  );
}
