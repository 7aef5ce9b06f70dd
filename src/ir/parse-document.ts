import type { Document } from 'yaml';
import { SkiffError } from '../errors/index.js';
import { checkNestingDepth, tooDeepError } from './nesting-depth.js';
import { readYaml } from './read-yaml.js';
import { repairQuotedScalarIndent } from './repair-yaml-indent.js';

/** The raw documents of a pipeline file: the PipelineSpec and the optional platform spec. */
export interface RawPipelineDocuments {
  readonly pipeline: Record<string, unknown>;
  readonly platform?: Record<string, unknown>;
}

const ARCHIVE_OR_IMAGE_EXTENSIONS = ['.zip', '.tar', '.gz', '.tgz', '.png', '.jpg', '.jpeg', '.gif', '.pdf'];
const SPEC_KEYS = ['pipelineInfo', 'root', 'components', 'deploymentSpec', 'schemaVersion'];

/** Rejects binary content (archives, images, NUL bytes) with SKIFF_IR_FORMAT; `bytes` is the raw file. */
export function rejectBinary(bytes: Uint8Array, sourceName: string): void {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  const what = starts(0x50, 0x4b)
    ? 'a zip archive'
    : starts(0x89, 0x50, 0x4e, 0x47)
      ? 'a PNG image'
      : starts(0x1f, 0x8b)
        ? 'a gzip (or .tar.gz) archive'
        : bytes.includes(0)
          ? 'binary data (it contains NUL bytes)'
          : undefined;
  if (what) throw formatError(sourceName, `is ${what}`);
}

/** Parses pipeline text (YAML with one or two documents, or JSON, optionally KFP-API wrapped). */
export function parsePipelineDocuments(text: string, sourceName: string): RawPipelineDocuments {
  rejectBinaryText(text, sourceName);
  const extension = ARCHIVE_OR_IMAGE_EXTENSIONS.find((ext) => sourceName.toLowerCase().endsWith(ext));
  if (extension) throw formatError(sourceName, `is a "${extension}" file (by its extension)`);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const values = (jsonDocument(body) ?? parseYamlDocuments(body, sourceName)).filter(
    (v) => v !== null && v !== undefined,
  );
  // Before anything recurses into them (schema checks, JSON.stringify); YAML aliases can nest too.
  for (const value of values) checkNestingDepth(value, sourceName);
  if (values.length === 0) {
    throw new SkiffError(
      'SKIFF_IR_EMPTY',
      `${sourceName} holds no pipeline spec (it is empty or only comments)`,
    );
  }
  if (values.length > 2) {
    throw formatError(
      sourceName,
      `has ${values.length} YAML documents, but a pipeline file has the PipelineSpec and at most one platform spec`,
    );
  }
  const [first, second] = values;
  if (!isPlainObject(first)) throw formatError(sourceName, `holds a YAML ${describe(first)}, not a mapping`);
  return unwrap(first, second, sourceName, 0);
}

/** Unwraps KFP API style `{pipeline_spec, platform_spec}` (possibly nested once more). */
function unwrap(
  value: Record<string, unknown>,
  platform: unknown,
  sourceName: string,
  depth: number,
): RawPipelineDocuments {
  const wrapped = value.pipeline_spec ?? value.pipelineSpec;
  if (depth < 2 && isPlainObject(wrapped) && !('pipelineInfo' in value)) {
    return unwrap(wrapped, value.platform_spec ?? value.platformSpec ?? platform, sourceName, depth + 1);
  }
  return withPlatform(checkSpecShape(value, sourceName), platform, sourceName);
}

function withPlatform(
  pipeline: Record<string, unknown>,
  platform: unknown,
  sourceName: string,
): RawPipelineDocuments {
  if (platform === undefined || platform === null) return { pipeline };
  if (!isPlainObject(platform) || !isPlainObject(platform.platforms)) {
    throw new SkiffError(
      'SKIFF_IR_SCHEMA',
      `the second document of ${sourceName} is a ${describe(platform)} without "platforms"; it must be a platform spec ({platforms: {kubernetes: ...}})`,
      {
        location: 'platforms',
        fix: 'Remove the extra document, or compile the pipeline again with kfp-kubernetes.',
      },
    );
  }
  return { pipeline, platform };
}

function checkSpecShape(value: Record<string, unknown>, sourceName: string): Record<string, unknown> {
  if (SPEC_KEYS.some((k) => k in value)) return value;
  const keys = Object.keys(value).slice(0, 5).join(', ');
  if (value.kind === 'Workflow' || typeof value.apiVersion === 'string') {
    throw formatError(
      sourceName,
      `is a Kubernetes/Argo resource (kind ${String(value.kind)}), such as KFP v1 compiles`,
      {
        fix: 'Compile the pipeline with KFP SDK v2 (kfp>=2), which writes a PipelineSpec.',
      },
    );
  }
  throw formatError(
    sourceName,
    `is a mapping with none of the PipelineSpec fields (${SPEC_KEYS.join(', ')}); it has: ${keys}`,
  );
}

function parseYamlDocuments(text: string, sourceName: string): unknown[] {
  if (/^\s*[{[]/.test(text)) {
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      // Not plain JSON: YAML flow syntax is a superset; let the YAML parser report the position.
    }
  }
  const read = readYaml(text);
  if (read.ok) return toValues(read.docs, sourceName);
  if (read.tooDeep) throw tooDeepError(sourceName, `line ${read.problem.line}`);
  const repaired = repairQuotedScalarIndent(text);
  if (repaired !== undefined) {
    const again = readYaml(repaired);
    if (again.ok) return toValues(again.docs, sourceName);
  }
  const { line, col, message } = read.problem;
  const reason = message.replace(/ at line \d+, column \d+:?$/, '');
  throw new SkiffError(
    'SKIFF_IR_PARSE',
    `${sourceName} is not valid YAML or JSON at line ${line}, column ${col}: ${reason}`,
    { location: `${sourceName}:${line}` },
  );
}

function toValues(docs: readonly Document[], sourceName: string): unknown[] {
  try {
    return docs.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SkiffError('SKIFF_IR_PARSE', `${sourceName} cannot be read as YAML: ${reason}`, {
      cause: error,
    });
  }
}

function rejectBinaryText(text: string, sourceName: string): void {
  const what = /^PK[\x03\x05\x07]/.test(text)
    ? 'a zip archive'
    : /^(?:\x89|\uFFFD)PNG/.test(text)
      ? 'a PNG image'
      : /^\x1f(?:\x8b|\uFFFD)/.test(text)
        ? 'a gzip (or .tar.gz) archive'
        : text.includes('\0')
          ? 'binary data (it contains NUL bytes)'
          : undefined;
  if (what) throw formatError(sourceName, `is ${what}`);
}

function formatError(sourceName: string, what: string, options: { fix?: string } = {}): SkiffError {
  return new SkiffError('SKIFF_IR_FORMAT', `${sourceName} ${what}, not a KFP PipelineSpec (YAML or JSON)`, {
    fix:
      options.fix ??
      'Pass the pipeline.yaml compiled by the KFP SDK (kfp.compiler.Compiler().compile); unpack an archive first.',
  });
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short name for the JSON kind of `value`, for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

/**
 * JSON text (the API's and JSON-compiled specs) parsed with JSON.parse, several times faster than
 * the YAML parser; undefined when it is not valid JSON, which the YAML parser then reports.
 */
function jsonDocument(text: string): unknown[] | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    return undefined;
  }
}
