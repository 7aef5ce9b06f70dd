import { useState } from 'react';
import { apiDownload } from '../api/client';
import { artifactContentPath, type RunArtifact } from '../api/skiff-types';
import { ErrorBanner } from '../design/ErrorBanner';
import { formatBytes } from '../format/bytes';

/** An artifact's identity (name, type, URI, size) and a download of its content. */
export function ArtifactPreview({ artifact }: { readonly artifact: RunArtifact }) {
  const [error, setError] = useState<unknown>();
  const file = artifact.uri.split('/').filter(Boolean).at(-1) ?? artifact.name;
  return (
    <div className="artifact">
      <dl className="kv">
        <dt>Name</dt>
        <dd>{artifact.name}</dd>
        <dt>Type</dt>
        <dd>{artifact.type}</dd>
        <dt>URI</dt>
        <dd className="mono">{artifact.uri}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(artifact.size_bytes)}</dd>
      </dl>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => apiDownload(artifactContentPath(artifact.artifact_id), file).catch(setError)}
      >
        Download
      </button>
      {error !== undefined && <ErrorBanner error={error} />}
    </div>
  );
}
