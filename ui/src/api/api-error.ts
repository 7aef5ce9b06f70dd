/**
 * An error answered by the API, read from its body (KFP's google.rpc.Status shape with Skiff's code
 * in `details[0].reason` and the fix in its metadata), or a failure to reach the server at all.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The Skiff error code (SKIFF_…), or a made-up one for failures with no body. */
  readonly code: string;
  readonly fix: string | undefined;

  constructor(status: number, code: string, message: string, fix?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fix = fix;
  }
}

interface ErrorDetail {
  readonly reason?: unknown;
  readonly metadata?: { readonly fix?: unknown };
}

/** The ApiError for a non-2xx answer whose body text is `text`. */
export function errorFromBody(status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null) {
    const record = body as { message?: unknown; error_message?: unknown; details?: unknown };
    const detail = Array.isArray(record.details) ? (record.details[0] as ErrorDetail | undefined) : undefined;
    const code = typeof detail?.reason === 'string' ? detail.reason : `HTTP_${status}`;
    const raw =
      typeof record.message === 'string'
        ? record.message
        : typeof record.error_message === 'string'
          ? record.error_message
          : text;
    // The message repeats the code at its start ("SKIFF_X: what happened"): show it once.
    const message = raw.startsWith(`${code}: `) ? raw.slice(code.length + 2) : raw;
    const fix = typeof detail?.metadata?.fix === 'string' ? detail.metadata.fix : undefined;
    return new ApiError(status, code, message, fix);
  }
  const shown = text.trim().slice(0, 300);
  return new ApiError(status, `HTTP_${status}`, shown === '' ? `the server answered ${status}` : shown);
}

/** The ApiError for a request that got no answer (server stopped, network down). */
export function unreachable(path: string, cause: unknown): ApiError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(
    0,
    'SKIFF_UI_UNREACHABLE',
    `the server did not answer ${path} (${why})`,
    'Check that `skiff server` is running and reachable at this address, then reload.',
  );
}
