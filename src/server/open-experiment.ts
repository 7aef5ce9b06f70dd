import { SkiffError } from '../errors/index.js';
import { DEFAULT_EXPERIMENT_ID, type ExperimentRecord, type ExperimentStore } from '../metadata/index.js';

/**
 * The experiment a run or recurring run is put into (`doing` says what, for the message): the
 * Default one when none is given. An unknown id is SKIFF_API_NOT_FOUND; an archived experiment is
 * SKIFF_API_PRECONDITION, since archiving it archived its runs and disabled its recurring runs.
 */
export async function openExperimentId(
  experiments: ExperimentStore,
  experimentId: string | null | undefined,
  doing: string,
): Promise<string> {
  const id = experimentId || DEFAULT_EXPERIMENT_ID;
  const experiment = await experiments.get(id);
  if (experiment === undefined) {
    throw new SkiffError('SKIFF_API_NOT_FOUND', `no experiment has id "${id}"`, {
      location: 'experiment_id',
      fix: 'List experiments (GET /apis/v2beta1/experiments) or leave experiment_id out for the Default experiment.',
    });
  }
  if (experiment.storageState === 'ARCHIVED') throw archivedExperimentError(experiment, doing);
  return id;
}

/** SKIFF_API_PRECONDITION: `doing` is refused because `experiment` is archived. */
export function archivedExperimentError(experiment: ExperimentRecord, doing: string): SkiffError {
  return new SkiffError(
    'SKIFF_API_PRECONDITION',
    `experiment "${experiment.displayName}" (${experiment.id}) is archived, so Skiff cannot ${doing}`,
    {
      location: 'experiment_id',
      fix: `Unarchive the experiment first (POST /apis/v2beta1/experiments/${experiment.id}:unarchive), or use another experiment.`,
    },
  );
}
