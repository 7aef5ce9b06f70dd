import { TEXT_LINES } from './preview-limits';

/** What a text view gets: the text, whether to show all of it, and how to ask for all. */
export interface TextViewProps {
  readonly text: string;
  readonly all: boolean;
  readonly onViewAll: () => void;
}

/** Text, its first lines unless `all`; says how many lines were left out. */
export function TextPreview({ text, all, onViewAll }: TextViewProps) {
  const lines = text.split('\n');
  const shown = all ? lines : lines.slice(0, TEXT_LINES);
  return (
    <>
      <pre className="artifact-text" data-testid="text-preview">
        {shown.join('\n')}
      </pre>
      {shown.length < lines.length && (
        <div className="artifact-notice" role="note">
          <span>
            First {shown.length} of {lines.length} lines.
          </span>
          <button type="button" className="btn btn-small" onClick={onViewAll}>
            View all
          </button>
        </div>
      )}
    </>
  );
}
