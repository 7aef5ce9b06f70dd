import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { listVersions, searchPipelines } from '../../api/runs-create-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { useDebounced } from './use-debounced';

/** Pick a pipeline (searchable by name) and one of its versions (newest preselected). */
export function PipelinePicker({
  pipelineId,
  versionId,
  onChange,
}: {
  readonly pipelineId: string;
  readonly versionId: string;
  readonly onChange: (pipelineId: string, versionId: string) => void;
}) {
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const pipelines = useQuery({ queryKey: ['create-pipelines', term], queryFn: () => searchPipelines(term) });
  const versions = useQuery({
    queryKey: ['create-versions', pipelineId],
    queryFn: () => listVersions(pipelineId),
    enabled: pipelineId !== '',
  });
  const newest = versions.data?.[0]?.pipeline_version_id;
  useEffect(() => {
    // A pipeline picked without a version gets its newest one.
    if (versionId === '' && newest !== undefined) onChange(pipelineId, newest);
  }, [versionId, newest, pipelineId, onChange]);
  const options = pipelines.data ?? [];
  const listed = options.some((p) => p.pipeline_id === pipelineId);
  return (
    <div className="create-row">
      <div className="field">
        <label className="label" htmlFor="pipeline-search">
          Search pipelines
        </label>
        <input
          id="pipeline-search"
          type="search"
          placeholder="Name contains…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <div className="field">
        <label className="label" htmlFor="pipeline">
          Pipeline
        </label>
        <select id="pipeline" value={pipelineId} onChange={(event) => onChange(event.target.value, '')}>
          <option value="">Choose a pipeline…</option>
          {!listed && pipelineId !== '' && <option value={pipelineId}>{pipelineId}</option>}
          {options.map((p) => (
            <option key={p.pipeline_id} value={p.pipeline_id}>
              {p.display_name || p.name || p.pipeline_id}
            </option>
          ))}
        </select>
        {pipelines.error && <ErrorBanner error={pipelines.error} title="Could not list the pipelines" />}
      </div>
      <div className="field">
        <label className="label" htmlFor="pipeline-version">
          Version
        </label>
        <select
          id="pipeline-version"
          value={versionId}
          disabled={pipelineId === ''}
          onChange={(event) => onChange(pipelineId, event.target.value)}
        >
          {versionId === '' && <option value="">Choose a version…</option>}
          {versionId !== '' && !versions.data?.some((v) => v.pipeline_version_id === versionId) && (
            <option value={versionId}>{versionId}</option>
          )}
          {(versions.data ?? []).map((v) => (
            <option key={v.pipeline_version_id} value={v.pipeline_version_id}>
              {v.display_name || v.name || v.pipeline_version_id}
            </option>
          ))}
        </select>
        {versions.error && <ErrorBanner error={versions.error} title="Could not list the versions" />}
      </div>
    </div>
  );
}
