/** "Previous page" and "Next page" of a paged list; a button without a handler is disabled. */
export function PageButtons({
  onPrevious,
  onNext,
  busy = false,
}: {
  readonly onPrevious: (() => void) | undefined;
  readonly onNext: (() => void) | undefined;
  readonly busy?: boolean;
}) {
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={onPrevious === undefined || busy}
        onClick={onPrevious}
      >
        Previous page
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={onNext === undefined || busy}
        onClick={onNext}
      >
        Next page
      </button>
    </>
  );
}
