import { basename } from 'node:path';
import { ERROR_CODES, SkiffError } from '../errors/index.js';
import { readRegularFile } from '../local-fs/index.js';
import { rawPipelineSchema, rawPlatformSchema } from './ir-schema.js';
import { isPlainObject, parsePipelineDocuments, rejectBinary } from './parse-document.js';
import { schemaError, show } from './schema-error.js';
import { checkSpecSize } from './spec-size.js';
import { toPipelineSpec } from './to-types.js';
import type { PipelineSpec } from './types.js';
import { validatePipeline } from './validate-pipeline.js';

const TOP_LEVEL_KEYS = Object.keys(rawPipelineSchema.shape);

/**
 * Loads and validates a pipeline spec from text: YAML (the PipelineSpec, then optionally the
 * platform spec), JSON, or KFP API style `{pipeline_spec, platform_spec}`. `sourceName` (a file
 * name) appears in messages. Throws SkiffError (SKIFF_IR_*) for anything that is not a valid spec.
 */
export function loadPipelineText(text: string, sourceName: string): PipelineSpec {
  const docs = parsePipelineDocuments(text, sourceName);
  checkName(docs.pipeline, sourceName);
  checkSchemaVersion(docs.pipeline, sourceName);
  checkSpecSize(docs.pipeline, sourceName);
  const pipeline = rawPipelineSchema.safeParse(docs.pipeline, { reportInput: true });
  if (!pipeline.success) throw schemaError(pipeline.error, sourceName, '', TOP_LEVEL_KEYS);
  let platform: ReturnType<typeof rawPlatformSchema.parse> | undefined;
  if (docs.platform) {
    const parsed = rawPlatformSchema.safeParse(docs.platform, { reportInput: true });
    if (!parsed.success) throw schemaError(parsed.error, `${sourceName} (platform spec)`);
    platform = parsed.data;
  }
  const spec = toPipelineSpec(pipeline.data, platform);
  validatePipeline(spec, sourceName);
  return spec;
}

/** Like loadPipelineText, for raw bytes (an upload): rejects archives, images and binary data first. */
export function loadPipelineBytes(bytes: Uint8Array, sourceName: string): PipelineSpec {
  rejectBinary(bytes, sourceName);
  return loadPipelineText(new TextDecoder('utf-8').decode(bytes), sourceName);
}

/**
 * Reads the bytes of the pipeline file at `path`: SKIFF_IR_READ when it is missing, unreadable,
 * or not a regular file (a named pipe, a device or a directory is refused before it is opened).
 */
export async function readPipelineFile(path: string): Promise<Uint8Array> {
  try {
    return await readRegularFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SkiffError('SKIFF_IR_READ', `pipeline file ${path} cannot be read: ${reason}`, {
      location: path,
      fix:
        code === 'ENOTREG'
          ? 'Pass the path of a regular file holding the compiled pipeline (YAML or JSON); to read a pipe, save it to a file first.'
          : ERROR_CODES.SKIFF_IR_READ.fix,
      cause: error,
    });
  }
}

/** Reads and loads the pipeline file at `path` (SKIFF_IR_READ when it cannot be read). */
export async function loadPipelineFile(path: string): Promise<PipelineSpec> {
  return loadPipelineBytes(await readPipelineFile(path), basename(path));
}

function checkName(pipeline: Record<string, unknown>, sourceName: string): void {
  const info = pipeline.pipelineInfo;
  const name = isPlainObject(info) ? info.name : undefined;
  if (typeof name === 'string' && name.trim() !== '') return;
  const what =
    info === undefined
      ? 'has no pipelineInfo'
      : name === undefined || name === null || name === ''
        ? 'has no pipelineInfo.name'
        : `has pipelineInfo.name ${show(name)}, which is not a non-empty string`;
  throw new SkiffError('SKIFF_IR_NO_NAME', `${sourceName} ${what}; every pipeline needs a name`, {
    location: 'pipelineInfo.name',
  });
}

function checkSchemaVersion(pipeline: Record<string, unknown>, sourceName: string): void {
  const version = pipeline.schemaVersion;
  if (typeof version !== 'string' || version.startsWith('2.')) return;
  throw new SkiffError(
    'SKIFF_IR_UNSUPPORTED',
    `${sourceName} has schemaVersion "${version}"; Skiff reads PipelineSpec schema 2.x (2.1.0 from current KFP SDKs)`,
    { location: 'schemaVersion', fix: 'Compile the pipeline with KFP SDK v2 (kfp>=2).' },
  );
}
