import type { KfpPipeline, PipelineSummary } from '../../api/pipelines-types';
import { Empty } from '../../design/Loading';
import { formatTime } from '../../format/time';
import { hashHref } from '../../router/hash-location';

/** The pipelines of one page: name (to its details), description, latest version, created, delete. */
export function PipelineTable({
  pipelines,
  summaries,
  filtered,
  onDelete,
}: {
  readonly pipelines: readonly KfpPipeline[];
  readonly summaries: ReadonlyMap<string, PipelineSummary>;
  readonly filtered: boolean;
  readonly onDelete: (pipeline: KfpPipeline) => void;
}) {
  if (pipelines.length === 0) {
    return (
      <Empty>
        {filtered
          ? 'No pipeline name contains this text.'
          : 'No pipelines yet: upload a compiled pipeline YAML.'}
      </Empty>
    );
  }
  return (
    <table className="table" aria-label="Pipelines">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Description</th>
          <th scope="col">Latest version</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {pipelines.map((pipeline) => (
          <PipelineRow
            key={pipeline.pipeline_id}
            pipeline={pipeline}
            summary={summaries.get(pipeline.pipeline_id)}
            onDelete={onDelete}
          />
        ))}
      </tbody>
    </table>
  );
}

function PipelineRow({
  pipeline,
  summary,
  onDelete,
}: {
  readonly pipeline: KfpPipeline;
  readonly summary: PipelineSummary | undefined;
  readonly onDelete: (pipeline: KfpPipeline) => void;
}) {
  const name = pipelineName(pipeline);
  const latest = summary?.latest_version;
  return (
    <tr>
      <td>
        <a href={hashHref('pipelines', 'details', pipeline.pipeline_id)}>{name}</a>
      </td>
      <td className="pipelines-description">
        {text(pipeline.description) || <span className="muted">–</span>}
      </td>
      <td>
        {summary === undefined ? (
          <span className="muted">–</span>
        ) : latest === null || latest === undefined ? (
          <span className="muted">no version</span>
        ) : (
          <>
            <a
              href={hashHref(
                'pipelines',
                'details',
                pipeline.pipeline_id,
                'version',
                latest.pipeline_version_id,
              )}
            >
              {text(latest.display_name) || text(latest.name) || latest.pipeline_version_id}
            </a>
            {summary.version_count > 1 && <span className="muted"> ({summary.version_count} versions)</span>}
          </>
        )}
      </td>
      <td className="mono">{formatTime(pipeline.created_at)}</td>
      <td>
        <button
          type="button"
          className="btn btn-small btn-danger"
          aria-label={`Delete ${name}`}
          onClick={() => onDelete(pipeline)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

/** A pipeline's name as shown: display name, else name, else its id. */
export function pipelineName(pipeline: KfpPipeline): string {
  return text(pipeline.display_name) || text(pipeline.name) || pipeline.pipeline_id;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
