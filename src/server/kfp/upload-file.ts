import type { FastifyRequest } from 'fastify';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import { MAX_UPLOAD_BYTES, mebibytes } from '../limits.js';

/** The file of a KFP upload: its bytes and the client's file name. */
export interface UploadedFile {
  readonly bytes: Buffer;
  readonly fileName: string;
}

const FIX =
  'Send the pipeline file as multipart/form-data with one file in the field "uploadfile" (curl -F uploadfile=@pipeline.yaml; kfp.Client().upload_pipeline does this).';

/**
 * Reads the multipart field `uploadfile` (as kfp.Client sends it). A body that is not multipart, has
 * no boundary, is cut short or malformed, carries no file, an empty one or more than one is
 * SKIFF_API_BAD_REQUEST naming what is wrong; a file over MAX_UPLOAD_BYTES is SKIFF_API_TOO_LARGE.
 */
export async function readUploadFile(request: FastifyRequest): Promise<UploadedFile> {
  if (!request.isMultipart()) {
    const type = request.headers['content-type'];
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `the upload is ${type === undefined ? 'without a Content-Type' : `of type "${type.slice(0, 80)}"`}, not multipart/form-data`,
      { fix: FIX },
    );
  }
  let found: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'uploadfile' || found !== undefined) {
        await part.toBuffer();
        throw new SkiffError(
          'SKIFF_API_BAD_REQUEST',
          `the upload has file field "${part.fieldname}"${found ? ' again' : ''}; it takes one file in "uploadfile"`,
          { fix: FIX },
        );
      }
      found = { bytes: await part.toBuffer(), fileName: part.filename || 'pipeline.yaml' };
    }
  } catch (error) {
    throw isSkiffError(error) ? error : multipartError(error);
  }
  if (found === undefined) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      'the upload has no file in the multipart field "uploadfile"',
      {
        fix: FIX,
      },
    );
  }
  if (found.bytes.length === 0) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `the uploaded file "${found.fileName}" is empty (0 bytes)`,
      {
        fix: 'Upload the compiled pipeline YAML or JSON (kfp.compiler.Compiler().compile writes it).',
      },
    );
  }
  return found;
}

/** What the multipart parser (busboy, @fastify/multipart) threw, as the client's error it is. */
function multipartError(error: unknown): SkiffError {
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new SkiffError(
      'SKIFF_API_TOO_LARGE',
      `the uploaded file is larger than ${mebibytes(MAX_UPLOAD_BYTES)}, the most an upload may carry`,
      { cause: error },
    );
  }
  const what =
    code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT'
      ? `has too many parts (${reason}); it takes one file in "uploadfile"`
      : /boundary not found/i.test(reason)
        ? 'has a Content-Type multipart/form-data without a boundary parameter'
        : /unexpected end/i.test(reason)
          ? 'ends before its closing boundary (the body is truncated or not multipart)'
          : `is malformed multipart (${reason})`;
  return new SkiffError('SKIFF_API_BAD_REQUEST', `the upload ${what}`, { fix: FIX, cause: error });
}
