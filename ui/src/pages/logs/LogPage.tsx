import type { PageProps } from '../../app/app-route';
import { PageHeader } from '../../design/PageHeader';
import { StateBadge } from '../../design/StateBadge';
import { formatTime } from '../../format/time';
import { LogViewer } from '../../logs/LogViewer';
import { useAttempts } from '../../logs/use-log-source';
import { hashHref } from '../../router/hash-location';

/** `#/runs/details/:id/logs/:task?attempt=N`: one attempt's log on a whole page, with links to the others. */
export function LogPage({ params, query }: PageProps) {
  const runId = params.id ?? '';
  const taskId = params.task ?? '';
  const asked = Number(query.get('attempt'));
  const attempt = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  const attempts = useAttempts(runId, taskId, attempt);
  const list = attempts.data?.attempts ?? [];
  const shown = attempt ?? list.at(-1)?.number;
  // A task path may hold '/': its segment is encoded whole.
  const base = `${hashHref('runs', 'details', runId, 'logs')}/${encodeURIComponent(taskId)}`;
  return (
    <div className="page">
      <PageHeader
        title={`Log of ${attempts.data?.task_path ?? taskId}`}
        crumbs={[
          { label: 'Runs', href: '#/runs' },
          { label: runId, href: hashHref('runs', 'details', runId) },
          { label: 'Logs' },
        ]}
      />
      {list.length > 1 && (
        <nav className="toolbar" aria-label="Attempts">
          {list.map((item) => (
            <a
              key={item.number}
              className={`btn btn-small${item.number === shown ? ' btn-primary' : ''}`}
              href={`${base}?attempt=${item.number}`}
              aria-current={item.number === shown ? 'page' : undefined}
              title={`started ${formatTime(item.start_time)}`}
            >
              Attempt {item.number} <StateBadge state={item.state} />
            </a>
          ))}
        </nav>
      )}
      <LogViewer
        runId={runId}
        taskId={taskId}
        {...(attempt === undefined ? {} : { attempt })}
        height="calc(100vh - 170px)"
      />
    </div>
  );
}
