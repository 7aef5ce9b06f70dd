import type { RunInfo, RunStorageInfo } from '../../api/run-details';
import type { RunEventData } from '../../api/run-events';
import { Empty } from '../../design/Loading';
import { durationBetween, formatDuration, formatTime } from '../../format/time';

/** A parameter value as text (strings bare, the rest as JSON). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The run's parameters, the storage it used (each value with its source) and its timing. */
export function RunInfoTab({
  info,
  run,
}: {
  readonly info: RunInfo;
  readonly run: RunEventData | undefined;
}) {
  const parameters = Object.entries(info.runtime_config?.parameters ?? {});
  const started = run?.start_time ?? info.started_at ?? null;
  const finished = run?.end_time ?? info.finished_at ?? null;
  return (
    <div className="run-info">
      <section className="card card-body" aria-label="Parameters">
        <h2>Parameters</h2>
        {parameters.length === 0 ? (
          <Empty>This run has no parameters.</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map(([name, value]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td className="mono">{valueText(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <StorageSection storage={info.skiff_storage} root={info.runtime_config?.pipeline_root} />
      <section className="card card-body" aria-label="Timing">
        <h2>Timing</h2>
        <dl className="kv">
          <dt>Created</dt>
          <dd>{formatTime(run?.created_at ?? info.created_at)}</dd>
          <dt>Started</dt>
          <dd>{formatTime(started)}</dd>
          <dt>Finished</dt>
          <dd>{formatTime(finished)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(durationBetween(started, finished))}</dd>
        </dl>
      </section>
    </div>
  );
}

function StorageSection({
  storage,
  root,
}: {
  readonly storage: RunStorageInfo | undefined;
  readonly root: string | undefined;
}) {
  const provider = storage?.provider ?? undefined;
  const sourceOf = (field: string) => provider?.fieldSources?.[field] ?? provider?.source ?? '–';
  return (
    <section className="card card-body" aria-label="Storage">
      <h2>Storage</h2>
      {storage === undefined ? (
        <Empty>
          Not recorded yet: the run resolves its storage when it starts{root ? ` (asked for ${root})` : ''}.
        </Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Setting</th>
              <th>Value</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Pipeline root</td>
              <td className="mono">{storage.pipelineRoot ?? '–'}</td>
              <td className="mono">{storage.pipelineRootSource ?? '–'}</td>
            </tr>
            {provider == null ? (
              <tr>
                <td>Endpoint</td>
                <td>local files (no storage provider)</td>
                <td className="mono">–</td>
              </tr>
            ) : (
              <>
                <tr>
                  <td>Endpoint</td>
                  <td className="mono">{provider.endpoint ?? '–'}</td>
                  <td className="mono">{sourceOf('endpoint')}</td>
                </tr>
                <tr>
                  <td>Bucket</td>
                  <td className="mono">{provider.bucket ?? '–'}</td>
                  <td className="mono">{sourceOf('bucket')}</td>
                </tr>
                <tr>
                  <td>Region</td>
                  <td className="mono">{provider.region ?? '–'}</td>
                  <td className="mono">{sourceOf('region')}</td>
                </tr>
                <tr>
                  <td>Credentials</td>
                  <td>{provider.credentials ?? '–'}</td>
                  <td className="mono">{sourceOf('credentials')}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
