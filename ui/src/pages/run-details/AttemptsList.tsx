import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { apiJson } from '../../api/client';
import { type AttemptsAnswer, attemptsPath } from '../../api/run-details';
import type { AttemptEventData } from '../../api/run-events';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { StateBadge } from '../../design/StateBadge';
import { durationBetween, formatDuration, formatTime } from '../../format/time';
import { LogViewer } from '../../logs/LogViewer';
import { attemptRows } from './attempt-rows';

/** Every attempt of a task (earlier retry rounds too), each with its own log; live from events. */
export function AttemptsList({
  runId,
  taskId,
  events,
  stamp,
}: {
  readonly runId: string;
  readonly taskId: string;
  readonly events: ReadonlyMap<number, AttemptEventData> | undefined;
  /** Changes when the task's state changes: the list is read again then (log locations move). */
  readonly stamp: string;
}) {
  const [open, setOpen] = useState<number>();
  const answer = useQuery({
    queryKey: ['attempts', runId, taskId, stamp],
    queryFn: ({ signal }) => apiJson<AttemptsAnswer>(attemptsPath(runId, taskId), { signal }),
    placeholderData: (previous) => previous,
  });
  if (answer.isPending) return <Loading what="Loading the attempts" />;
  if (answer.isError) return <ErrorBanner error={answer.error} />;
  const rows = attemptRows(Array.isArray(answer.data.attempts) ? answer.data.attempts : [], events);
  if (rows.length === 0) return <Empty>No attempt yet.</Empty>;
  return (
    <table className="table attempts" aria-label="Attempts">
      <thead>
        <tr>
          <th>#</th>
          <th>State</th>
          <th>Start</th>
          <th>End</th>
          <th>Duration</th>
          <th>Exit code</th>
          <th>Failure</th>
          <th>Next retry</th>
          <th>Round</th>
          <th>Log</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((attempt) => (
          <Fragment key={attempt.number}>
            <tr data-attempt={attempt.number}>
              <td className="num">{attempt.number}</td>
              <td>
                <StateBadge state={attempt.state} />
              </td>
              <td>{formatTime(attempt.start_time)}</td>
              <td>{formatTime(attempt.end_time)}</td>
              <td>{formatDuration(durationBetween(attempt.start_time, attempt.end_time))}</td>
              <td className="num" data-testid="exit-code">
                {attempt.exit_code ?? '–'}
              </td>
              <td>
                {attempt.failure_kind ?? '–'}
                {attempt.message ? <div className="muted attempt-message">{attempt.message}</div> : null}
              </td>
              <td>{formatTime(attempt.next_retry_time)}</td>
              <td className="num">{attempt.retry_round}</td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-expanded={open === attempt.number}
                  aria-label={`Log of attempt ${attempt.number}`}
                  onClick={() => setOpen(open === attempt.number ? undefined : attempt.number)}
                >
                  {open === attempt.number ? 'Hide' : 'Log'}
                </button>
              </td>
            </tr>
            {open === attempt.number && (
              <tr>
                <td colSpan={10} aria-label={`Log of attempt ${attempt.number}`}>
                  <LogViewer runId={runId} taskId={taskId} attempt={attempt.number} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
