import { Suspense, useState } from 'react';
import { pipelineSpecOf, specName } from '../../api/pipeline-spec';
import type { PageProps } from '../../app/app-route';
import { retryingLazy } from '../../app/retrying-lazy';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { Tabs } from '../../design/Tabs';
import { formatTime } from '../../format/time';
import { navigate } from '../../router/hash-location';
import { NodePanel } from './NodePanel';
import '../run-details/run-details.css';
import './pipeline-details.css';
import { usePipeline } from './use-pipeline';

const PipelineGraph = retryingLazy(() => import('./PipelineGraph'));
const SpecYaml = retryingLazy(() => import('./SpecYaml'));

type Tab = 'graph' | 'yaml';
const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'graph', label: 'Graph' },
  { id: 'yaml', label: 'YAML' },
];

/** `#/pipelines/details/:id[/version/:version]`: a version's static DAG, its spec as YAML, and "Create run". */
export function PipelineDetailsPage({ params }: PageProps) {
  // Another pipeline's page starts afresh (tab, level, selection).
  return <PipelineDetails key={params.id} pipelineId={params.id ?? ''} versionId={params.version} />;
}

function PipelineDetails({
  pipelineId,
  versionId,
}: {
  readonly pipelineId: string;
  readonly versionId: string | undefined;
}) {
  const { pipeline, versions, list, chosen, version } = usePipeline(pipelineId, versionId);
  const [tab, setTab] = useState<Tab>('graph');
  const [level, setLevel] = useState<readonly string[]>([]);
  const [selected, setSelected] = useState<string>();
  const spec = pipelineSpecOf(version.data?.pipeline_spec);
  const name = pipeline.data?.display_name ?? specName(spec) ?? pipelineId;
  const createHref =
    chosen === undefined
      ? undefined
      : `#/runs/new?pipelineId=${encodeURIComponent(pipelineId)}&pipelineVersionId=${encodeURIComponent(chosen)}`;

  return (
    <div className="page pipeline-details">
      <PageHeader
        title={name}
        crumbs={[{ label: 'Pipelines', href: '#/pipelines' }, { label: name }]}
        actions={
          createHref === undefined ? undefined : (
            <a className="btn btn-primary" href={createHref}>
              Create run
            </a>
          )
        }
      >
        <label>
          Version
          <select
            value={chosen ?? ''}
            disabled={list.length === 0}
            onChange={(event) => {
              setLevel([]);
              setSelected(undefined);
              navigate(
                `/pipelines/details/${encodeURIComponent(pipelineId)}/version/${encodeURIComponent(event.target.value)}`,
              );
            }}
          >
            {list.map((v) => (
              <option key={v.pipeline_version_id} value={v.pipeline_version_id}>
                {v.display_name ?? v.name ?? v.pipeline_version_id} ({formatTime(v.created_at)})
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      {pipeline.data?.description ? <p className="muted">{pipeline.data.description}</p> : null}
      {pipeline.isError && <ErrorBanner error={pipeline.error} title="The pipeline could not be read" />}
      {versions.isError && <ErrorBanner error={versions.error} title="Its versions could not be read" />}
      {version.isError && <ErrorBanner error={version.error} title="The version could not be read" />}
      {versions.isSuccess && list.length === 0 && versionId === undefined && (
        <div className="banner banner-info">This pipeline has no version yet.</div>
      )}
      <Tabs label="Pipeline views" tabs={TABS} value={tab} onChange={setTab} />
      {version.isPending && chosen !== undefined && <Loading what="Loading the version" />}
      {version.isSuccess && (
        <div className={`run-body${selected ? ' with-panel' : ''}`}>
          <div className="run-main">
            <Suspense fallback={<Loading what="Loading the view" />}>
              {tab === 'graph' ? (
                <PipelineGraph
                  spec={spec}
                  level={level}
                  onLevel={(next) => {
                    setLevel(next);
                    setSelected(undefined);
                  }}
                  selected={selected}
                  onSelect={setSelected}
                />
              ) : (
                <SpecYaml spec={version.data.pipeline_spec} />
              )}
            </Suspense>
          </div>
          {selected !== undefined && tab === 'graph' && (
            <NodePanel spec={spec} path={selected} onClose={() => setSelected(undefined)} />
          )}
        </div>
      )}
    </div>
  );
}
