import { isSkiffError, SkiffError } from '../errors/index.js';
import { openMetadataStore } from '../metadata/index.js';
import { type DoctorCheck, failedCheck, timed } from './doctor-report.js';

/** The metadata store opens (migrations applied) and answers a query. */
export async function checkMetadata(url: string, maskedUrl: string): Promise<DoctorCheck> {
  try {
    const { value: count, durationMs } = await timed(async () => {
      const store = await openMetadataStore(url);
      try {
        return (await store.runs.list({ limit: 1 })).length;
      } finally {
        await store.close();
      }
    });
    const detail = count === 0 ? 'opened; no runs yet' : 'opened; runs readable';
    return { name: 'metadata', target: maskedUrl, status: 'ok', detail, durationMs };
  } catch (error) {
    const skiff = isSkiffError(error)
      ? error
      : new SkiffError(
          'SKIFF_METADATA_OPEN',
          `metadata store ${maskedUrl} cannot be used: ${String(error)}`,
          {
            cause: error,
          },
        );
    return failedCheck('metadata', maskedUrl, skiff);
  }
}
