import type { FastifyRequest } from 'fastify';
import { SkiffError } from '../../errors/index.js';

/** The file of a KFP upload: its bytes and the client's file name. */
export interface UploadedFile {
  readonly bytes: Buffer;
  readonly fileName: string;
}

/** Reads the multipart field `uploadfile` (as kfp.Client sends it); SKIFF_API_BAD_REQUEST when missing or repeated. */
export async function readUploadFile(request: FastifyRequest): Promise<UploadedFile> {
  if (!request.isMultipart()) {
    throw new SkiffError('SKIFF_API_BAD_REQUEST', 'the upload is not multipart/form-data', {
      fix: 'Send the pipeline file as multipart/form-data in the field "uploadfile".',
    });
  }
  let found: UploadedFile | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'uploadfile' || found !== undefined) {
      await part.toBuffer();
      throw new SkiffError(
        'SKIFF_API_BAD_REQUEST',
        `the upload has file field "${part.fieldname}"${found ? ' again' : ''}; it takes one file in "uploadfile"`,
      );
    }
    found = { bytes: await part.toBuffer(), fileName: part.filename || 'pipeline.yaml' };
  }
  if (found === undefined) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      'the upload has no file in the multipart field "uploadfile"',
      {
        fix: 'Send the pipeline YAML as multipart/form-data field "uploadfile".',
      },
    );
  }
  return found;
}
