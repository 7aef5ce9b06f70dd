import { ERROR_CODES, isSkiffError, type SkiffError } from '../errors/index.js';
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

function skiffErrorResponse(error: SkiffError): { status: number; body: ErrorBody } {
  const metadata: Record<string, string> = { fix: error.fix };
  if (error.location) metadata.location = error.location;
  if (error.code.endsWith('_NOT_FOUND')) {
    return { status: 404, body: errorBody(GRPC.NOT_FOUND, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_API_UNAUTHENTICATED') {
    return { status: 401, body: errorBody(GRPC.UNAUTHENTICATED, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_SERVER_STARTING') {
    return { status: 503, body: errorBody(GRPC.UNAVAILABLE, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_ARTIFACT_FORBIDDEN') {
    return { status: 403, body: errorBody(GRPC.PERMISSION_DENIED, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_API_CONFLICT') {
    return { status: 409, body: errorBody(GRPC.ALREADY_EXISTS, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_API_TOO_LARGE') {
    return { status: 413, body: errorBody(GRPC.RESOURCE_EXHAUSTED, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_API_METHOD_NOT_ALLOWED') {
    return { status: 405, body: errorBody(GRPC.UNIMPLEMENTED, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_API_UNSUPPORTED_MEDIA') {
    return { status: 415, body: errorBody(GRPC.INVALID_ARGUMENT, error.message, error.code, metadata) };
  }
  if (error.code === 'SKIFF_API_PRECONDITION') {
    return { status: 400, body: errorBody(GRPC.FAILED_PRECONDITION, error.message, error.code, metadata) };
  }
  if (ERROR_CODES[error.code].badInput) {
    return { status: 400, body: errorBody(GRPC.INVALID_ARGUMENT, error.message, error.code, metadata) };
  }
  return { status: 500, body: errorBody(GRPC.INTERNAL, error.message, error.code, metadata) };
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
