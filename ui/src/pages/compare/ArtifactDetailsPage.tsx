import './compare.css';
import { useQuery } from '@tanstack/react-query';
import { fetchArtifactInfo, fetchRunArtifacts } from '../../api/artifact-runs';
import type { PageProps } from '../../app/app-route';
import { ArtifactPreview } from '../../artifacts/ArtifactPreview';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { formatTime } from '../../format/time';

/**
 * `#/artifacts/details/ID` (KFP's address), or `…?run=RUN` as Skiff's own links write it: an
 * artifact's identity, lineage (producer, consumers) and preview.
 */
export function ArtifactDetailsPage({ params, query }: PageProps) {
  const artifactId = params.artifactId ?? '';
  const namedRun = query.get('run') ?? '';
  // With its run named, the run's list (shared with the run page); without, the artifact alone.
  const ofRun = useQuery({
    queryKey: ['run-artifacts', namedRun],
    queryFn: ({ signal }) => fetchRunArtifacts(namedRun, signal),
    enabled: namedRun !== '',
  });
  const alone = useQuery({
    queryKey: ['artifact-info', artifactId],
    queryFn: ({ signal }) => fetchArtifactInfo(artifactId, signal),
    enabled: namedRun === '' && artifactId !== '',
    retry: false,
  });
  const loaded = namedRun === '' ? alone : ofRun;
  const artifact =
    namedRun === '' ? alone.data : ofRun.data?.artifacts.find((a) => a.artifact_id === artifactId);
  const runId = namedRun || artifact?.run_id || '';
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
      {loaded.error !== null ? (
        <ErrorBanner error={loaded.error} onRetry={() => void loaded.refetch()} />
      ) : loaded.data === undefined ? (
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
