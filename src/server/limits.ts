/** Largest JSON request body the server reads, in bytes (Fastify's bodyLimit); larger is a 413. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Largest pipeline file an upload (`/pipelines/upload`, `/pipelines/upload_version`) may carry, in bytes. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

/** Longest path segment (an id, or a pipeline name in `/pipelines/names/{name}`, percent-encoded) the router reads. */
export const MAX_PATH_PARAM_CHARS = 2048;

/** Shown as "64 MiB" in messages. */
export function mebibytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
