import { formatBytes } from '../format/bytes';

/** Says that only the first bytes of a file are shown, with "View all" (when it can read more) and Download. */
export function TruncatedNotice({
  shownBytes,
  totalBytes,
  onViewAll,
  onDownload,
  what = 'bytes',
}: {
  readonly shownBytes: number;
  readonly totalBytes: number | undefined;
  readonly onViewAll?: (() => void) | undefined;
  readonly onDownload: () => void;
  readonly what?: string;
}) {
  return (
    <div className="artifact-notice" role="note">
      <strong>Truncated:</strong>{' '}
      <span>
        showing the first {what === 'bytes' ? formatBytes(shownBytes) : `${shownBytes} ${what}`}
        {totalBytes !== undefined && what === 'bytes' ? ` of ${formatBytes(totalBytes)}` : ''}.
      </span>
      {onViewAll !== undefined && (
        <button type="button" className="btn btn-small" onClick={onViewAll}>
          View all
        </button>
      )}
      <button type="button" className="btn btn-small" onClick={onDownload}>
        Download
      </button>
    </div>
  );
}
