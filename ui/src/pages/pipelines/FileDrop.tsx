import { useId, useState } from 'react';
import { formatBytes } from '../../format/bytes';

/** A file input that also takes a file dropped on it; the chosen file stays shown until replaced. */
export function FileDrop({
  file,
  onFile,
}: {
  readonly file: File | undefined;
  readonly onFile: (file: File) => void;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <fieldset
      className={`pipelines-drop${over ? ' pipelines-drop-over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const dropped = event.dataTransfer.files[0];
        if (dropped !== undefined) onFile(dropped);
      }}
    >
      <label htmlFor={id} className="label">
        Pipeline file
      </label>
      <input
        id={id}
        type="file"
        accept=".yaml,.yml,.json"
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          if (chosen !== undefined) onFile(chosen);
        }}
      />
      <span className="muted">
        {file === undefined
          ? 'Choose or drop a compiled pipeline (YAML or JSON, as kfp.compiler writes it).'
          : `Chosen: ${file.name} (${formatBytes(file.size)})`}
      </span>
    </fieldset>
  );
}
