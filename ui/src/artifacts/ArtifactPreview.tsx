import './artifacts.css';
import { Suspense, useState } from 'react';
import { apiDownload } from '../api/client';
import { artifactContentPath, type RunArtifact } from '../api/skiff-types';
import { retryingLazy } from '../app/retrying-lazy';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';
import { formatBytes } from '../format/bytes';
import { isMetricsType } from '../metrics/metrics-types';
import { ContentPreview } from './ContentPreview';
import { baseName } from './preview-limits';

const MetricsView = retryingLazy(() =>
  import('../metrics/MetricsView').then((m) => ({ default: m.MetricsView })),
);

/**
 * An artifact: its identity (name, type, URI, size, producer) and a preview chosen by its type,
 * extension and content (metrics drawn from metadata; text, JSON, CSV/TSV, Markdown, HTML,
 * images, directories read by a bounded range), with download.
 */
export function ArtifactPreview({ artifact }: { readonly artifact: RunArtifact }) {
  const name = baseName(artifact.uri, artifact.name);
  return (
    <section className="artifact" aria-label={`Artifact ${artifact.name}`}>
      <ArtifactIdentity artifact={artifact} />
      {isMetricsType(artifact.type) ? (
        <>
          <Suspense fallback={<Loading what="Loading the metrics view" />}>
            <MetricsView key={artifact.artifact_id} artifact={artifact} />
          </Suspense>
          <DownloadButton key={artifact.artifact_id} artifactId={artifact.artifact_id} name={name} />
        </>
      ) : (
        // Keyed: another artifact in the same place starts with fresh state (no file of the last one selected).
        <ContentPreview
          key={artifact.artifact_id}
          artifactId={artifact.artifact_id}
          type={artifact.type}
          name={name}
        />
      )}
    </section>
  );
}

/** Name, type, URI, size and producer of an artifact, with a link to its own page. */
export function ArtifactIdentity({ artifact }: { readonly artifact: RunArtifact }) {
  const producer = artifact.producer;
  return (
    <dl className="kv artifact-identity">
      <dt>Name</dt>
      <dd>
        <a
          href={`#/artifacts/details/${encodeURIComponent(artifact.artifact_id)}?run=${encodeURIComponent(artifact.run_id)}`}
        >
          {artifact.name}
        </a>
      </dd>
      <dt>Type</dt>
      <dd className="mono">{artifact.type}</dd>
      <dt>URI</dt>
      <dd className="mono artifact-uri">{artifact.uri}</dd>
      <dt>Size</dt>
      <dd>{formatBytes(artifact.size_bytes)}</dd>
      <dt>Producer</dt>
      <dd>
        {producer === null
          ? '–'
          : `${producer.task_path ?? `task ${producer.task_id} of another run`} → ${producer.output_name}`}
      </dd>
    </dl>
  );
}

function DownloadButton({ artifactId, name }: { readonly artifactId: string; readonly name: string }) {
  const [error, setError] = useState<unknown>();
  return (
    <div>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          setError(undefined);
          apiDownload(artifactContentPath(artifactId), name).catch(setError);
        }}
      >
        Download
      </button>
      {error !== undefined && <ErrorBanner error={error} title="Download failed" />}
    </div>
  );
}
