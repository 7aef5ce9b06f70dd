import { Suspense, useEffect, useMemo, useState } from 'react';
import { pipelineSpecOf } from '../../api/pipeline-spec';
import type { PageProps } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { StateBadge } from '../../design/StateBadge';
import { Tabs } from '../../design/Tabs';
import { ArtifactsTab } from './ArtifactsTab';
import { RunActions } from './RunActions';
import { RunGoneBanner } from './RunGoneBanner';
import { RunInfoTab } from './RunInfoTab';
import { TaskPanel } from './TaskPanel';
import { TaskTable } from './TaskTable';
import './run-details.css';
import { useRunFate } from './use-run-fate';
import { useRunInfo } from './use-run-info';
import { useRunLive } from './use-run-live';

const loadGraph = () => import('./RunGraphTab');
const RunGraphTab = retryingLazy(loadGraph);

type Tab = 'graph' | 'tasks' | 'info' | 'artifacts';
const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'graph', label: 'Graph' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'info', label: 'Run info' },
  { id: 'artifacts', label: 'Artifacts' },
];

/** `#/runs/details/:id`: a run's graph with live states, its tasks, attempts, logs and artifacts. */
export function RunDetailsPage({ params }: PageProps) {
  const runId = params.id ?? '';
  // Another run's page starts afresh (tab, level, selection, stream).
  return <RunDetails key={runId} runId={runId} />;
}

function RunDetails({ runId }: { readonly runId: string }) {
  const info = useRunInfo(runId);
  const { live, version, error: streamError, restart } = useRunLive(runId);
  const { gone } = useRunFate(runId, live.run?.state ?? info.data?.state, [info.error, streamError]);
  const [tab, setTab] = useState<Tab>('graph');
  // The graph's code loads while the run's tasks arrive, not after.
  useEffect(() => {
    void loadGraph();
  }, []);
  const [level, setLevel] = useState('');
  const [selected, setSelected] = useState<string>();
  const state = live.run?.state ?? info.data?.state;
  const name = live.run?.display_name ?? info.data?.display_name ?? runId;
  const reference = info.data?.pipeline_version_reference;
  const spec = useMemo(() => pipelineSpecOf(info.data?.pipeline_spec), [info.data]);
  const selectedTask = selected === undefined ? undefined : live.tasks.get(selected);

  return (
    <div className="page run-details">
      <PageHeader
        title={name}
        crumbs={[{ label: 'Runs', href: '#/runs' }, { label: name }]}
        actions={
          info.data === undefined || gone ? undefined : (
            <RunActions
              info={info.data}
              state={state}
              onChanged={(action) => action === 'retry' && restart()}
            />
          )
        }
      >
        <StateBadge state={state} />
        {reference?.pipeline_id && (
          <a
            href={`#/pipelines/details/${encodeURIComponent(reference.pipeline_id)}${
              reference.pipeline_version_id
                ? `/version/${encodeURIComponent(reference.pipeline_version_id)}`
                : ''
            }`}
          >
            Pipeline
          </a>
        )}
      </PageHeader>
      {gone && <RunGoneBanner />}
      {!gone && info.isError && <ErrorBanner error={info.error} title="The run could not be read" />}
      {!gone && streamError !== undefined && <ErrorBanner error={streamError} title="Live updates stopped" />}
      {live.run?.error && <div className="banner banner-error">{live.run.error}</div>}
      <Tabs label="Run views" tabs={TABS} value={tab} onChange={setTab} />
      <div className={`run-body${selectedTask ? ' with-panel' : ''}`}>
        <div className="run-main">
          {!live.ready && streamError === undefined && <Loading what="Loading the run's tasks" />}
          {tab === 'graph' && live.ready && (
            <Suspense fallback={<Loading what="Loading the graph" />}>
              <RunGraphTab
                live={live}
                version={version}
                spec={spec}
                level={level}
                onLevel={setLevel}
                selected={selected}
                onSelect={setSelected}
              />
            </Suspense>
          )}
          {tab === 'tasks' && live.ready && (
            <TaskTable tasks={live.tasks} version={version} onSelect={setSelected} />
          )}
          {tab === 'info' && info.data !== undefined && <RunInfoTab info={info.data} run={live.run} />}
          {tab === 'artifacts' && <ArtifactsTab runId={runId} stamp={state ?? ''} />}
        </div>
        {selectedTask !== undefined && (
          <TaskPanel
            runId={runId}
            task={selectedTask}
            attemptEvents={live.attempts.get(selectedTask.task_id)}
            onClose={() => setSelected(undefined)}
          />
        )}
      </div>
    </div>
  );
}
