import { isSkiffError, SkiffError } from '../../errors/index.js';
import type { SpecPool, SpecSummary } from '../spec-check/index.js';

/** A pipeline spec accepted by the API: the text to store and the spec's name and description. */
export interface AcceptedSpec {
  readonly specText: string;
  readonly spec: SpecSummary;
}

/** Validates an inline `pipeline_spec` (bare or wrapped `{pipeline_spec, platform_spec}`); stores it as JSON. */
export async function acceptInlineSpec(
  specs: SpecPool,
  value: Readonly<Record<string, unknown>>,
  where: string,
): Promise<AcceptedSpec> {
  const specText = JSON.stringify(value);
  return {
    specText,
    spec: await validated(where, specs.run({ kind: 'accept', text: specText, source: where })),
  };
}

/** Validates an uploaded pipeline file (YAML or JSON bytes); stores its text as given. */
export async function acceptUploadedSpec(
  specs: SpecPool,
  bytes: Uint8Array,
  fileName: string,
): Promise<AcceptedSpec> {
  const spec = await validated(fileName, specs.run({ kind: 'accept-bytes', bytes, source: fileName }));
  return { specText: new TextDecoder('utf-8').decode(bytes), spec };
}

/** What the IR loader made of a spec the API was given; its SkiffError says where the spec came from. */
async function validated<T>(where: string, load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (!isSkiffError(error) || error.code === 'SKIFF_API_TOO_LARGE') throw error;
    // The IR error keeps its code; its location and fix also go into the message, which clients show.
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
