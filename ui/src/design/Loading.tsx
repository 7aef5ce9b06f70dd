/** What a panel shows while its data loads. */
export function Loading({ what = 'Loading' }: { readonly what?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      {what}…
    </div>
  );
}

/** What a list shows when it has nothing. */
export function Empty({ children }: { readonly children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}
