import { parseAllDocuments } from 'yaml';

/**
 * A stored pipeline spec text (YAML or JSON) as the object the API returns in `pipeline_spec`:
 * the spec itself, or `{ pipeline_spec, platform_spec }` when a platform spec document follows.
 */
export function specObject(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON after all: YAML below.
    }
  }
  // Stored specs were validated when they came in: no second check of unique keys (quadratic in the YAML library).
  const docs = parseAllDocuments(text, { uniqueKeys: false })
    .map((doc) => doc.toJS() as unknown)
    .filter((value) => value !== null && value !== undefined);
  const [pipeline, platform] = docs;
  if (platform !== undefined) {
    return { pipeline_spec: pipeline, platform_spec: platform };
  }
  return pipeline ?? null;
}
