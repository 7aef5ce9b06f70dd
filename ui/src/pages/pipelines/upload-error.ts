import { ApiError } from '../../api/api-error';

/** An upload's error as the form shows it: code, what is wrong, where in the file, the fix. */
export interface UploadErrorView {
  readonly code: string;
  readonly message: string;
  /** Where in the file (`line 3, column 5`, or a path in the spec), when the server said. */
  readonly location: string | undefined;
  readonly fix: string | undefined;
}

/**
 * The server repeats the location and the fix inside the message of a spec error
 * ("invalid pipeline spec in f.yaml: … (at line 2, column 1); fix: …"): show each once.
 */
export function uploadErrorView(error: unknown): UploadErrorView {
  if (!(error instanceof ApiError)) {
    return {
      code: 'SKIFF_UI_ERROR',
      message: error instanceof Error ? error.message : String(error),
      location: undefined,
      fix: undefined,
    };
  }
  let message = error.message;
  if (error.fix !== undefined && message.endsWith(`; fix: ${error.fix}`)) {
    message = message.slice(0, -`; fix: ${error.fix}`.length);
  }
  let location: string | undefined;
  const at = /\s\(at ([^()]+)\)$/.exec(message);
  if (at !== null) {
    location = readableLocation(at[1] ?? '');
    message = message.slice(0, at.index);
  }
  return { code: error.code, message, location, fix: error.fix };
}

/** `f.yaml:3:5` as `f.yaml, line 3, column 5`; a spec path (`root.dag.tasks.x`) as it is. */
function readableLocation(location: string): string {
  const place = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
  if (place === null) return location;
  const column = place[3] === undefined ? '' : `, column ${place[3]}`;
  return `${place[1]}, line ${place[2]}${column}`;
}

/** Largest file the server takes (`MAX_UPLOAD_BYTES`, 32 MiB): larger is refused before sending it. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

/** The error for a file the server would refuse for its size, or undefined. */
export function tooLarge(file: { readonly name: string; readonly size: number }): ApiError | undefined {
  if (file.size <= MAX_UPLOAD_BYTES) return undefined;
  return new ApiError(
    413,
    'SKIFF_API_TOO_LARGE',
    `the file "${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MiB; an upload may carry at most 32 MiB`,
    'Upload the compiled pipeline YAML (kfp.compiler.Compiler().compile writes it), not a data file or archive.',
  );
}
