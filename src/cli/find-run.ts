import { SkiffError } from '../errors/index.js';
import type { MetadataStore } from '../metadata/index.js';
import type { RunRecord } from '../metadata/records.js';

/** Find a run by id or a unique id prefix (at least 4 characters), as git does for commits. */
export async function findRun(metadata: MetadataStore, idOrPrefix: string): Promise<RunRecord> {
  const exact = await metadata.runs.get(idOrPrefix);
  if (exact) return exact;
  if (idOrPrefix.length >= 4) {
    const matches = (await metadata.runs.list({ limit: 100_000 })).filter((r) => r.id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new SkiffError(
        'SKIFF_RUN_NOT_FOUND',
        `run id prefix "${idOrPrefix}" matches ${matches.length} runs`,
        {
          fix: 'Give more characters of the run id (see `skiff runs list`).',
        },
      );
    }
  }
  if (idOrPrefix.length < 4) {
    throw new SkiffError(
      'SKIFF_RUN_NOT_FOUND',
      `no run has id "${idOrPrefix}", and a prefix of a run id needs at least 4 characters`,
      { fix: 'Give at least 4 characters of the run id (see `skiff runs list`).' },
    );
  }
  throw new SkiffError('SKIFF_RUN_NOT_FOUND', `no run has id "${idOrPrefix}"`);
}
