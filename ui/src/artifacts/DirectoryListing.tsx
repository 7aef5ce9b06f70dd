import type { DirectoryFile } from '../api/artifact-content';
import { formatBytes } from '../format/bytes';
import { LISTED_FILES } from './preview-limits';

/** The files of a directory artifact, each with Preview (toggles) and Download. */
export function DirectoryListing({
  files,
  selected,
  onPreview,
  onDownload,
}: {
  readonly files: readonly DirectoryFile[];
  readonly selected: string | undefined;
  readonly onPreview: (path: string | undefined) => void;
  readonly onDownload: (path: string) => void;
}) {
  const shown = files.slice(0, LISTED_FILES);
  return (
    <div className="artifact-directory">
      <table className="table" aria-label="Files">
        <caption className="muted">
          Directory of {files.length} file{files.length === 1 ? '' : 's'}
        </caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((file) => (
            <tr key={file.path} aria-selected={file.path === selected}>
              <td className="mono">{file.path}</td>
              <td className="num">{formatBytes(file.size_bytes)}</td>
              <td className="artifact-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-pressed={file.path === selected}
                  aria-label={`Preview ${file.path}`}
                  onClick={() => onPreview(file.path === selected ? undefined : file.path)}
                >
                  Preview
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Download ${file.path}`}
                  onClick={() => onDownload(file.path)}
                >
                  Download
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {files.length > shown.length && (
        <p className="muted">
          {files.length - shown.length} more files are not listed; download them with the API (`?path=`).
        </p>
      )}
    </div>
  );
}
