import { ApiError } from '../api/api-error';

/** An error as a person should see it: its code, what happened and how to fix it. */
export function ErrorBanner({
  error,
  title,
  onRetry,
}: {
  readonly error: unknown;
  readonly title?: string;
  readonly onRetry?: () => void;
}) {
  const api = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="banner banner-error" role="alert">
      {title !== undefined && <strong>{title}</strong>}
      {api !== undefined && <span className="code">{api.code}</span>}
      <span>{message}</span>
      {api?.fix !== undefined && (
        <span>
          <strong>Fix:</strong> {api.fix}
        </span>
      )}
      {onRetry !== undefined && (
        <span>
          <button type="button" className="btn btn-small" onClick={onRetry}>
            Try again
          </button>
        </span>
      )}
    </div>
  );
}

/** A warning that does not stop the page (malformed data shown as far as it can be). */
export function WarningBanner({ children }: { readonly children: React.ReactNode }) {
  return (
    <div className="banner banner-warning" role="status">
      {children}
    </div>
  );
}
