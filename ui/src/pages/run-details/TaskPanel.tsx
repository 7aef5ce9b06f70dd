import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../../api/client';
import { type IoValues, type TaskDetail, taskDetailPath } from '../../api/run-details';
import type { AttemptEventData } from '../../api/run-events';
import { ArtifactPreview } from '../../artifacts/ArtifactPreview';
import { ErrorBanner } from '../../design/ErrorBanner';
import { FailureText } from '../../design/FailureText';
import { Empty, Loading } from '../../design/Loading';
import { StateBadge } from '../../design/StateBadge';
import { LiveDuration } from '../../format/LiveDuration';
import { formatTime } from '../../format/time';
import { AttemptsList } from './AttemptsList';
import { valueText } from './RunInfoTab';
import type { LiveTask } from './run-live';
import { useRunArtifacts } from './use-run-artifacts';

/** The side panel of a selected task: state, times, inputs, outputs, artifacts and attempts. */
export function TaskPanel({
  runId,
  task,
  attemptEvents,
  onClose,
}: {
  readonly runId: string;
  readonly task: LiveTask;
  readonly attemptEvents: ReadonlyMap<number, AttemptEventData> | undefined;
  readonly onClose: () => void;
}) {
  const detail = useQuery({
    queryKey: ['task-detail', runId, task.task_id, task.state],
    queryFn: ({ signal }) => apiJson<TaskDetail>(taskDetailPath(runId, task.task_id), { signal }),
    placeholderData: (previous) => previous,
  });
  const artifacts = useRunArtifacts(runId, `${task.task_id}:${task.state}`);
  const mine = (artifacts.data?.artifacts ?? []).filter((a) => a.producer?.task_id === task.task_id);
  const hasAttempts = task.kind === 'container' || task.kind === 'importer';
  return (
    <aside className="task-panel card" aria-label={`Task ${task.path}`}>
      <div className="task-panel-head">
        <h2 title={task.path}>{task.name}</h2>
        <button type="button" className="btn btn-small" aria-label="Close the task panel" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="kv">
        <dt>State</dt>
        <dd>
          <StateBadge state={task.state} />
        </dd>
        <dt>Path</dt>
        <dd className="mono">{task.path}</dd>
        <dt>Kind</dt>
        <dd>{task.kind}</dd>
        <dt>Started</dt>
        <dd>{formatTime(task.start_time)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(task.end_time)}</dd>
        <dt>Duration</dt>
        <dd>
          <LiveDuration start={task.start_time} end={task.end_time} />
        </dd>
      </dl>
      {task.error && (
        <div className="banner banner-error">
          <FailureText text={task.error} label="Error of the task" />
        </div>
      )}
      {detail.isPending && <Loading what="Loading inputs and outputs" />}
      {detail.isError && <ErrorBanner error={detail.error} />}
      {detail.data !== undefined && (
        <>
          <IoSection title="Inputs" values={detail.data.inputs} />
          <IoSection title="Outputs" values={detail.data.outputs} />
        </>
      )}
      {mine.length > 0 && (
        <section aria-label="Artifacts">
          <h3>Artifacts</h3>
          {mine.map((artifact) => (
            <ArtifactPreview key={artifact.artifact_id} artifact={artifact} />
          ))}
        </section>
      )}
      {hasAttempts && (
        <section aria-label="Attempts">
          <h3>Attempts</h3>
          <AttemptsList
            runId={runId}
            taskId={task.task_id}
            events={attemptEvents}
            stamp={`${task.state}:${task.attempt}`}
          />
        </section>
      )}
    </aside>
  );
}

function IoSection({ title, values }: { readonly title: string; readonly values: IoValues | undefined }) {
  const parameters = Object.entries(values?.parameters ?? {});
  const artifacts = Object.entries(values?.artifacts ?? {});
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {parameters.length === 0 && artifacts.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <table className="table">
          <tbody>
            {parameters.map(([name, value]) => (
              <tr key={`p:${name}`}>
                <td>{name}</td>
                <td className="mono">{valueText(value)}</td>
              </tr>
            ))}
            {artifacts.map(([name, list]) => (
              <tr key={`a:${name}`}>
                <td>{name}</td>
                <td className="mono">
                  {(Array.isArray(list) ? list : []).map((artifact) => (
                    <div key={artifact.id ?? artifact.uri}>
                      {artifact.schemaTitle ? `${artifact.schemaTitle} ` : ''}
                      {artifact.uri}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
