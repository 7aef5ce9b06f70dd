import { useMemo, useState } from 'react';
import { apiDownload } from '../api/client';
import { logPath } from '../api/logs-api';
import { ErrorBanner } from '../design/ErrorBanner';
import { Empty, Loading } from '../design/Loading';
import { LogBody } from './LogBody';
import { isLive, useAttempts } from './use-log-source';
import './logs.css';

/** Which log: a run, a task (id or path) and an attempt. */
export interface LogViewerProps {
  readonly runId: string;
  /** Task id or path. */
  readonly taskId: string;
  /** Attempt number; the last attempt when undefined. */
  readonly attempt?: number;
  /** Height of the log area (CSS length); default 60vh. */
  readonly height?: string;
}

/**
 * One attempt's log (stdout and stderr) from Skiff's log store, read in pages with HTTP Range:
 * it opens at the end, fetches what is scrolled to, follows the end while the attempt runs, renders
 * ANSI colours, searches the whole log (on the server until every page has been read), and downloads the whole log.
 */
export function LogViewer({ runId, taskId, attempt, height = '60vh' }: LogViewerProps) {
  const attempts = useAttempts(runId, taskId, attempt);
  const list = attempts.data?.attempts ?? [];
  const shown = attempt === undefined ? list.at(-1) : list.find((a) => a.number === attempt);
  const [downloadError, setDownloadError] = useState<unknown>();
  const [downloading, setDownloading] = useState(false);
  const download = useMemo(
    () => async (number: number) => {
      setDownloading(true);
      setDownloadError(undefined);
      try {
        await apiDownload(logPath(runId, taskId), `${runId}-${taskId}-attempt-${number}.log`, {
          attempt: number,
        });
      } catch (error) {
        setDownloadError(error);
      } finally {
        setDownloading(false);
      }
    },
    [runId, taskId],
  );
  if (attempts.isPending) return <Loading what="Loading the log" />;
  if (attempts.isError) return <ErrorBanner error={attempts.error} onRetry={() => void attempts.refetch()} />;
  if (shown === undefined) {
    const numbers = list.map((a) => a.number).join(', ');
    return (
      <Empty>
        {attempt === undefined
          ? 'This task has no attempt yet, so no log.'
          : `This task has no attempt ${attempt}${numbers === '' ? '' : ` (its attempts: ${numbers})`}.`}
      </Empty>
    );
  }
  return (
    <div className="log-viewer" style={{ height }}>
      {downloadError !== undefined && <ErrorBanner error={downloadError} title="The download failed" />}
      <LogBody
        key={`${runId}/${taskId}/${shown.number}`}
        runId={runId}
        taskId={taskId}
        attempt={shown.number}
        live={isLive(shown)}
        downloading={downloading}
        onDownload={() => void download(shown.number)}
      />
    </div>
  );
}
