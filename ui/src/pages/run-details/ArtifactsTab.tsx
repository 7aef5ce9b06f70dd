import { ArtifactPreview } from '../../artifacts/ArtifactPreview';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { useRunArtifacts } from './use-run-artifacts';

/** Every artifact of the run, each with its preview. */
export function ArtifactsTab({ runId, stamp }: { readonly runId: string; readonly stamp: string }) {
  const artifacts = useRunArtifacts(runId, stamp);
  if (artifacts.isPending) return <Loading what="Loading the artifacts" />;
  if (artifacts.isError)
    return <ErrorBanner error={artifacts.error} onRetry={() => void artifacts.refetch()} />;
  const list = Array.isArray(artifacts.data.artifacts) ? artifacts.data.artifacts : [];
  if (list.length === 0) return <Empty>This run has no artifacts yet.</Empty>;
  return (
    <div className="run-artifacts">
      {list.map((artifact) => (
        <section
          key={artifact.artifact_id}
          className="card card-body"
          aria-label={`Artifact ${artifact.name}`}
        >
          <h3>
            {artifact.producer?.task_path ?? 'imported'} · {artifact.name}
          </h3>
          <ArtifactPreview artifact={artifact} />
        </section>
      ))}
    </div>
  );
}
