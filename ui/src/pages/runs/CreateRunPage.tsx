import type { PageProps } from '../../app/app-route';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { CreateRunForm } from './CreateRunForm';
import { useRunFormStart } from './use-run-source';
import './create-run.css';

/**
 * `#/runs/new` (KFP's `?pipelineId=&pipelineVersionId=&experimentId=`, `?cloneFromRun=`,
 * `?cloneFromRecurringRun=`): a one-off or recurring run of a pipeline version with typed parameters.
 */
export default function CreateRunPage({ query }: PageProps) {
  const start = useRunFormStart(query);
  const title = start.data?.clonedFrom ? `Clone run “${start.data.clonedFrom}”` : 'Create run';
  return (
    <div className="page">
      <PageHeader title={title} crumbs={[{ label: 'Runs', href: '#/runs' }, { label: 'New' }]} />
      {start.error ? (
        <ErrorBanner
          error={start.error}
          title="Could not read what to clone"
          onRetry={() => void start.refetch()}
        />
      ) : start.data === undefined ? (
        <Loading what="Loading the form" />
      ) : (
        <CreateRunForm key={query.toString()} start={start.data} />
      )}
    </div>
  );
}
