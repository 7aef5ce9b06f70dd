import { ApiError } from './api-error';
import { apiFetch } from './client';
import { artifactContentPath } from './skiff-types';

/** One file of a directory artifact, as `GET /artifacts/{id}` lists it. */
export interface DirectoryFile {
  readonly path: string;
  readonly size_bytes: number;
}

/** What a bounded read of an artifact found: a directory's file list, or the first bytes of a file. */
export type ArtifactContent =
  | { readonly kind: 'directory'; readonly files: readonly DirectoryFile[] }
  | {
      readonly kind: 'file';
      readonly bytes: Uint8Array;
      /** The file's whole size, when the server said it. */
      readonly totalBytes: number | undefined;
      /** More bytes exist than were read. */
      readonly truncated: boolean;
    };

/** The first `limitBytes` of an artifact (or of `path` inside a directory artifact), by one `Range` request. */
export async function fetchArtifactContent(
  artifactId: string,
  options: { readonly path?: string | undefined; readonly limitBytes: number; readonly signal?: AbortSignal },
): Promise<ArtifactContent> {
  const { path, limitBytes, signal } = options;
  let response: Response;
  try {
    response = await apiFetch(artifactContentPath(artifactId), {
      query: { path },
      headers: { range: `bytes=0-${Math.max(0, limitBytes - 1)}` },
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    // 416: the range starts at or past the end, so the file is empty.
    if (error instanceof ApiError && error.status === 416)
      return { kind: 'file', bytes: new Uint8Array(0), totalBytes: 0, truncated: false };
    throw error;
  }
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 200 && type.includes('json')) return directoryFrom(await response.json());
  const bytes = new Uint8Array(await response.arrayBuffer());
  const totalBytes = totalFromContentRange(response.headers.get('content-range')) ?? bytes.length;
  return { kind: 'file', bytes, totalBytes, truncated: totalBytes > bytes.length };
}

/** SIZE of `bytes a-b/SIZE`, or undefined. */
export function totalFromContentRange(header: string | null): number | undefined {
  const match = /\/(\d+)\s*$/.exec(header ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function directoryFrom(body: unknown): ArtifactContent {
  const files = (body as { files?: unknown }).files;
  if (!Array.isArray(files))
    throw new ApiError(200, 'SKIFF_UI_BAD_ANSWER', 'the artifact API answered JSON without a file list');
  return {
    kind: 'directory',
    files: files
      .filter((f): f is DirectoryFile => typeof f?.path === 'string')
      .map((f) => ({ path: f.path, size_bytes: Number(f.size_bytes) })),
  };
}
