import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api/client';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';

/** The last bytes of a log shown at first. */
const TAIL_BYTES = 256 * 1024;

export interface LogViewerProps {
  readonly runId: string;
  /** Task id or path. */
  readonly taskId: string;
  /** Attempt number; the last attempt when undefined. */
  readonly attempt?: number;
}

/** One attempt's log (stdout and stderr) from Skiff's log store: its last 256 KiB. */
export function LogViewer({ runId, taskId, attempt }: LogViewerProps) {
  const log = useQuery({
    queryKey: ['log-tail', runId, taskId, attempt],
    queryFn: async ({ signal }) => {
      const path = `/apis/skiff/v1/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}/logs`;
      const response = await apiFetch(path, { query: { attempt, tail_bytes: TAIL_BYTES }, signal });
      return response.text();
    },
  });
  if (log.isPending) return <Loading what="Loading the log" />;
  if (log.isError) return <ErrorBanner error={log.error} />;
  return (
    <pre className="log" data-testid="log">
      {log.data === '' ? '(empty log)' : log.data}
    </pre>
  );
}
