import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiJson } from '../../api/client';
import { type AttemptsAnswer, attemptsPath } from '../../api/run-details';
import type { AttemptEventData } from '../../api/run-events';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { AttemptRow } from './AttemptRow';
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
    <div className="attempts-scroll">
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
            <th className="attempt-log">Log</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((attempt) => (
            <AttemptRow
              key={attempt.number}
              runId={runId}
              taskId={taskId}
              attempt={attempt}
              logOpen={open === attempt.number}
              onToggleLog={(number) => setOpen(open === number ? undefined : number)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
