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
  const docs = parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
  const [pipeline, platform] = docs;
  if (docs.length > 1 && platform !== null && platform !== undefined) {
    return { pipeline_spec: pipeline, platform_spec: platform };
  }
  return pipeline ?? null;
}
