import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getExperiment, setExperimentArchived } from '../../api/experiments-api';
import type { PageProps } from '../../app/app-route';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { Tabs } from '../../design/Tabs';
import { formatTime } from '../../format/time';
import { RecurringRunsTable } from '../recurring-runs/RecurringRunsTable';
import { RunsTable } from '../runs/RunsTable';

type Tab = 'runs' | 'archived' | 'recurring';

/** `#/experiments/details/ID`: its runs (live), archived runs and recurring runs; archive or restore. */
export default function ExperimentDetailsPage({ params }: PageProps) {
  const id = params.id ?? '';
  const client = useQueryClient();
  const experiment = useQuery({ queryKey: ['experiment', id], queryFn: () => getExperiment(id) });
  const [tab, setTab] = useState<Tab>('runs');
  const [actionError, setActionError] = useState<unknown>();
  if (experiment.error)
    return <ErrorBanner error={experiment.error} title={`Could not read experiment ${id}`} />;
  if (experiment.data === undefined) return <Loading what="Loading the experiment" />;
  const data = experiment.data;
  const archived = data.storage_state === 'ARCHIVED';
  const toggle = async () => {
    setActionError(undefined);
    try {
      await setExperimentArchived(id, !archived);
    } catch (error) {
      setActionError(error);
    }
    await client.invalidateQueries({ queryKey: ['experiment', id] });
    await client.invalidateQueries({ queryKey: ['experiments'] });
    await client.invalidateQueries({ queryKey: ['runs-page'] });
  };
  return (
    <div className="page">
      <PageHeader
        title={data.display_name}
        crumbs={[
          { label: 'Experiments', href: archived ? '#/archive/experiments' : '#/experiments' },
          { label: data.display_name },
        ]}
        actions={
          <>
            {!archived && (
              <a className="btn btn-primary" href={`#/runs/new?experimentId=${encodeURIComponent(id)}`}>
                Create run
              </a>
            )}
            <button type="button" className="btn" onClick={() => void toggle()}>
              {archived ? 'Restore' : 'Archive'}
            </button>
          </>
        }
      />
      {actionError !== undefined && (
        <ErrorBanner error={actionError} title="Could not change the experiment" />
      )}
      <dl className="kv">
        <dt>Description</dt>
        <dd>{data.description || '–'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(data.created_at)}</dd>
        <dt>State</dt>
        <dd>{archived ? 'Archived' : 'Active'}</dd>
      </dl>
      <Tabs
        label="Experiment"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'runs', label: 'Runs' },
          { id: 'archived', label: 'Archived runs' },
          { id: 'recurring', label: 'Recurring runs' },
        ]}
      />
      {tab === 'recurring' ? (
        <RecurringRunsTable experimentId={id} />
      ) : (
        <RunsTable key={tab} experimentId={id} archived={tab === 'archived'} />
      )}
    </div>
  );
}
