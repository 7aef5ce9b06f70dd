import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listPipelines } from '../../api/pipelines-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { nameFilter } from './list-params';
import { pipelineName } from './PipelineTable';

/** Choose an existing pipeline by name (the first 50 whose name contains the typed text). */
export function PipelinePicker({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (pipelineId: string) => void;
}) {
  const [search, setSearch] = useState('');
  const filter = nameFilter(search);
  const found = useQuery({
    queryKey: ['pipelines', 'picker', filter ?? ''],
    queryFn: ({ signal }) =>
      listPipelines({ sortBy: 'name', pageSize: 50, ...(filter === undefined ? {} : { filter }) }, signal),
  });
  const options = found.data?.pipelines ?? [];
  return (
    <div className="field">
      <span className="label">Pipeline</span>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Find a pipeline"
          placeholder="Find by name"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select aria-label="Pipeline" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose a pipeline…</option>
          {value !== '' && !options.some((pipeline) => pipeline.pipeline_id === value) && (
            <option value={value}>{value}</option>
          )}
          {options.map((pipeline) => (
            <option key={pipeline.pipeline_id} value={pipeline.pipeline_id}>
              {pipelineName(pipeline)}
            </option>
          ))}
        </select>
      </div>
      {found.error !== null && <ErrorBanner error={found.error} />}
    </div>
  );
}
