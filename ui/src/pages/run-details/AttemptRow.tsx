import { useState } from 'react';
import type { Attempt } from '../../api/skiff-types';
import { FailureText } from '../../design/FailureText';
import { StateBadge } from '../../design/StateBadge';
import { LiveDuration } from '../../format/LiveDuration';
import { formatTime } from '../../format/time';
import { LogViewer } from '../../logs/LogViewer';

/** Columns of the attempts table (the full message and the log open in a row of their own below). */
export const ATTEMPT_COLUMNS = 10;

/** The first line of a failure message, shown in the table; the whole message opens below it. */
export function messageSummary(message: string): string {
  return message.trim().split('\n', 1)[0]?.trim() ?? '';
}

/** One attempt: its row, with a one-line failure summary that opens the whole message, and its log. */
export function AttemptRow({
  runId,
  taskId,
  attempt,
  logOpen,
  onToggleLog,
}: {
  readonly runId: string;
  readonly taskId: string;
  readonly attempt: Attempt;
  readonly logOpen: boolean;
  readonly onToggleLog: (attempt: number) => void;
}) {
  const [messageOpen, setMessageOpen] = useState(false);
  const { number, message } = attempt;
  return (
    <>
      <tr data-attempt={number}>
        <td className="num">{number}</td>
        <td>
          <StateBadge state={attempt.state} />
        </td>
        <td>{formatTime(attempt.start_time)}</td>
        <td>{formatTime(attempt.end_time)}</td>
        <td>
          <LiveDuration start={attempt.start_time} end={attempt.end_time} />
        </td>
        <td className="num" data-testid="exit-code">
          {attempt.exit_code ?? '–'}
        </td>
        <td>
          {attempt.failure_kind ?? '–'}
          {message ? (
            <button
              type="button"
              className="link-button attempt-summary"
              aria-expanded={messageOpen}
              title={messageOpen ? 'Hide the message' : 'Show the whole message'}
              onClick={() => setMessageOpen(!messageOpen)}
            >
              {messageSummary(message)}
            </button>
          ) : null}
        </td>
        <td>{formatTime(attempt.next_retry_time)}</td>
        <td className="num">{attempt.retry_round}</td>
        <td className="attempt-log">
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={logOpen}
            aria-label={`Log of attempt ${number}`}
            onClick={() => onToggleLog(number)}
          >
            {logOpen ? 'Hide' : 'Log'}
          </button>
        </td>
      </tr>
      {messageOpen && message ? (
        <tr>
          <td colSpan={ATTEMPT_COLUMNS}>
            <FailureText text={message} label={`Message of attempt ${number}`} />
          </td>
        </tr>
      ) : null}
      {logOpen && (
        <tr>
          <td colSpan={ATTEMPT_COLUMNS} aria-label={`Log of attempt ${number}`}>
            <LogViewer runId={runId} taskId={taskId} attempt={number} />
          </td>
        </tr>
      )}
    </>
  );
}
