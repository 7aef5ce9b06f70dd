import './compare.css';
import { useQuery } from '@tanstack/react-query';
import { fetchRunArtifacts } from '../../api/artifact-runs';
import type { PageProps } from '../../app/app-route';
import { ArtifactPreview } from '../../artifacts/ArtifactPreview';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { formatTime } from '../../format/time';

/** `#/artifacts/details/ID?run=RUN`: an artifact's identity, lineage (producer, consumers) and preview. */
export function ArtifactDetailsPage({ params, query }: PageProps) {
  const artifactId = params.artifactId ?? '';
  const runId = query.get('run') ?? '';
  const artifacts = useQuery({
    queryKey: ['run-artifacts', runId],
    queryFn: ({ signal }) => fetchRunArtifacts(runId, signal),
    enabled: runId !== '',
  });
  const artifact = artifacts.data?.artifacts.find((a) => a.artifact_id === artifactId);
  const runHref = `#/runs/details/${encodeURIComponent(runId)}`;
  return (
    <div className="page">
      <PageHeader
        title={artifact?.name ?? `Artifact ${artifactId}`}
        crumbs={[
          { label: 'Runs', href: '#/runs' },
          { label: runId || 'run', href: runHref },
          { label: 'Artifact' },
        ]}
      />
      {runId === '' ? (
        <ErrorBanner
          error={new Error(`no run is named for artifact ${artifactId}: add ?run=RUN_ID to the address`)}
          title="Which run?"
        />
      ) : artifacts.error !== null ? (
        <ErrorBanner error={artifacts.error} onRetry={() => void artifacts.refetch()} />
      ) : artifacts.data === undefined ? (
        <Loading what="Loading the artifact" />
      ) : artifact === undefined ? (
        <ErrorBanner
          error={new Error(`run ${runId} has no artifact with id "${artifactId}"`)}
          title="Not found"
        />
      ) : (
        <>
          <section className="card compare-section artifact-lineage" aria-label="Lineage">
            <h2>Lineage</h2>
            <dl className="kv">
              <dt>Run</dt>
              <dd>
                <a href={`#/runs/details/${encodeURIComponent(artifact.run_id)}`}>{artifact.run_id}</a>
              </dd>
              <dt>Created</dt>
              <dd>{formatTime(artifact.created_at)}</dd>
              <dt>Produced by</dt>
              <dd>
                {artifact.producer === null
                  ? 'no task of this run'
                  : `${artifact.producer.task_path ?? artifact.producer.task_id} (output ${artifact.producer.output_name})`}
              </dd>
              <dt>Read by</dt>
              <dd>
                {artifact.consumers.length === 0 ? (
                  'no task'
                ) : (
                  <ul>
                    {artifact.consumers.map((consumer) => (
                      <li key={`${consumer.task_id}|${consumer.input_name}`}>
                        {consumer.task_path ?? `task ${consumer.task_id} of another run`} (input{' '}
                        {consumer.input_name})
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
          </section>
          <section className="card compare-section" aria-label="Preview">
            <ArtifactPreview artifact={artifact} />
          </section>
        </>
      )}
    </div>
  );
}
