import { ERROR_CODES, type ErrorCode, isSkiffError, type SkiffError } from '../errors/index.js';
import { unexpectedDiskFull } from '../local-fs/index.js';

/** gRPC status codes KFP's REST gateway puts in error bodies. */
export const GRPC = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  PERMISSION_DENIED: 7,
  UNAUTHENTICATED: 16,
  UNIMPLEMENTED: 12,
} as const;

/** The JSON body of an error, shaped like KFP's (google.rpc.Status plus its error_message fields). */
export interface ErrorBody {
  readonly error_message: string;
  readonly error_details: string;
  readonly code: number;
  readonly message: string;
  readonly details: readonly Record<string, unknown>[];
}

/** An HTTP status and body for an error: SkiffErrors by their registry entry, anything else 500. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isSkiffError(error)) return skiffErrorResponse(error);
  // A full disk nothing below expected is still not a bug: say so, with the path and its free space.
  const diskFull = unexpectedDiskFull(error);
  if (diskFull !== undefined) return skiffErrorResponse(diskFull);
  return {
    status: 500,
    body: errorBody(GRPC.INTERNAL, 'internal error; see the server log', 'SKIFF_INTERNAL', {}),
  };
}

/**
 * Codes answered with a status of their own (any other `*_NOT_FOUND` is 404, other input errors
 * 400, the rest 500). A store the server depends on failing is not the request's fault: 502 for
 * object storage (unreachable, TLS, refused, failing), 503 for the metadata store, 507 for a full disk.
 */
const STATUS_OF: Partial<Record<ErrorCode, readonly [status: number, grpc: number]>> = {
  SKIFF_API_UNAUTHENTICATED: [401, GRPC.UNAUTHENTICATED],
  SKIFF_ARTIFACT_FORBIDDEN: [403, GRPC.PERMISSION_DENIED],
  SKIFF_API_METHOD_NOT_ALLOWED: [405, GRPC.UNIMPLEMENTED],
  SKIFF_API_CONFLICT: [409, GRPC.ALREADY_EXISTS],
  SKIFF_API_TOO_LARGE: [413, GRPC.RESOURCE_EXHAUSTED],
  SKIFF_API_UNSUPPORTED_MEDIA: [415, GRPC.INVALID_ARGUMENT],
  SKIFF_API_PRECONDITION: [400, GRPC.FAILED_PRECONDITION],
  SKIFF_STORAGE_UNREACHABLE: [502, GRPC.UNAVAILABLE],
  SKIFF_STORAGE_TLS: [502, GRPC.UNAVAILABLE],
  SKIFF_STORAGE_DENIED: [502, GRPC.UNAVAILABLE],
  SKIFF_STORAGE_IO: [502, GRPC.UNAVAILABLE],
  SKIFF_SERVER_STARTING: [503, GRPC.UNAVAILABLE],
  SKIFF_METADATA_OPEN: [503, GRPC.UNAVAILABLE],
  SKIFF_DISK_FULL: [507, GRPC.RESOURCE_EXHAUSTED],
};

function skiffErrorResponse(error: SkiffError): { status: number; body: ErrorBody } {
  const metadata: Record<string, string> = { fix: error.fix };
  if (error.location) metadata.location = error.location;
  const [status, grpc] =
    STATUS_OF[error.code] ??
    (error.code.endsWith('_NOT_FOUND')
      ? [404, GRPC.NOT_FOUND]
      : ERROR_CODES[error.code].badInput
        ? [400, GRPC.INVALID_ARGUMENT]
        : [500, GRPC.INTERNAL]);
  return { status, body: errorBody(grpc, error.message, error.code, metadata) };
}

/** An error body with a Skiff code and metadata (fix, location) as a google.rpc.ErrorInfo detail. */
export function errorBody(
  grpcCode: number,
  message: string,
  reason: string,
  metadata: Readonly<Record<string, string>>,
): ErrorBody {
  const text = `${reason}: ${message}`;
  return {
    error_message: text,
    error_details: metadata.fix ? `${text} (fix: ${metadata.fix})` : text,
    code: grpcCode,
    message: text,
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'skiff', metadata }],
  };
}
