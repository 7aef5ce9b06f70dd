import { isSkiffError, SkiffError } from '../../errors/index.js';
import { loadPipelineBytes, loadPipelineText, type PipelineSpec } from '../../ir/index.js';

/** A pipeline spec accepted by the API: the text to store and what the IR loader made of it. */
export interface AcceptedSpec {
  readonly specText: string;
  readonly spec: PipelineSpec;
}

/** Validates an inline `pipeline_spec` (bare or wrapped `{pipeline_spec, platform_spec}`); stores it as JSON. */
export function acceptInlineSpec(value: Readonly<Record<string, unknown>>, where: string): AcceptedSpec {
  const specText = JSON.stringify(value);
  return { specText, spec: validated(where, () => loadPipelineText(specText, where)) };
}

/** Validates an uploaded pipeline file (YAML or JSON bytes); stores its text as given. */
export function acceptUploadedSpec(bytes: Uint8Array, fileName: string): AcceptedSpec {
  const spec = validated(fileName, () => loadPipelineBytes(bytes, fileName));
  return { specText: new TextDecoder('utf-8').decode(bytes), spec };
}

// The IR error keeps its code; its location and fix also go into the message, which clients show.
function validated(where: string, load: () => PipelineSpec): PipelineSpec {
  try {
    return load();
  } catch (error) {
    if (!isSkiffError(error)) throw error;
    const at = error.location ? ` (at ${error.location})` : '';
    throw new SkiffError(
      error.code,
      `invalid pipeline spec in ${where}: ${error.message}${at}; fix: ${error.fix}`,
      {
        fix: error.fix,
        ...(error.location ? { location: error.location } : {}),
        cause: error,
      },
    );
  }
}
