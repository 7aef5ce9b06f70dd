import { useState } from 'react';

/** The graph's search box: finds a task by name (Enter or the button). */
export function GraphSearch({ onFind }: { readonly onFind: (text: string) => boolean }) {
  const [text, setText] = useState('');
  const [missed, setMissed] = useState<string>();
  return (
    <form
      className="toolbar"
      aria-label="Graph search"
      onSubmit={(event) => {
        event.preventDefault();
        setMissed(onFind(text) ? undefined : text);
      }}
    >
      <input
        type="search"
        aria-label="Find a task"
        placeholder="Find a task"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="btn btn-small">
        Find
      </button>
      {missed !== undefined && missed.trim() !== '' && (
        <span className="muted" role="status">
          No task named “{missed}”
        </span>
      )}
    </form>
  );
}
