import type { Kysely } from 'kysely';
import type { RunLabels } from './records.js';
import type { Database } from './schema.js';

/**
 * The display names of the pipeline, pipeline version, experiment and recurring run of each run in
 * `runIds`, in one query (left joins on primary keys); an empty list asks nothing.
 */
export async function listRunLabels(
  db: Kysely<Database>,
  runIds: readonly string[],
): Promise<Map<string, RunLabels>> {
  if (runIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('runs as r')
    .leftJoin('pipelines as p', 'p.id', 'r.pipeline_id')
    .leftJoin('pipeline_versions as v', 'v.id', 'r.pipeline_version_id')
    .leftJoin('experiments as e', 'e.id', 'r.experiment_id')
    .leftJoin('recurring_runs as rr', 'rr.id', 'r.recurring_run_id')
    .select([
      'r.id as id',
      'p.display_name as pipeline_name',
      'v.display_name as version_name',
      'e.display_name as experiment_name',
      'rr.display_name as recurring_run_name',
    ])
    .where('r.id', 'in', [...runIds])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        pipelineName: row.pipeline_name,
        pipelineVersionName: row.version_name,
        experimentName: row.experiment_name,
        recurringRunName: row.recurring_run_name,
      },
    ]),
  );
}
