import { useQuery } from '@tanstack/react-query';
import { fetchHealth, fetchSystemValue, fetchVersion, type SystemValue } from '../../api/settings-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { formatDuration } from '../../format/time';

function SystemValueText({ value }: { readonly value: SystemValue | undefined }) {
  if (value === undefined) return <span className="muted">…</span>;
  if (value.found) return <span className="mono">{value.value}</span>;
  return <span className="muted">unknown ({value.reason})</span>;
}

/** The server: its version, uptime, health of each dependency and the cloud probe's state. */
export function ServerPanel({ cloudMode }: { readonly cloudMode: string | undefined }) {
  const health = useQuery({ queryKey: ['healthz'], queryFn: ({ signal }) => fetchHealth(signal) });
  const version = useQuery({ queryKey: ['version'], queryFn: ({ signal }) => fetchVersion(signal) });
  const cloud = health.data?.checks?.cloud;
  // With the probe off the values are unknown for sure: no request (a 404 each, logged by browsers).
  const probed = cloud !== undefined && cloud.state !== 'off';
  const project = useQuery({
    queryKey: ['system', 'project-id'],
    queryFn: ({ signal }) => fetchSystemValue('project-id', signal),
    enabled: probed,
  });
  const cluster = useQuery({
    queryKey: ['system', 'cluster-name'],
    queryFn: ({ signal }) => fetchSystemValue('cluster-name', signal),
    enabled: probed,
  });
  const offValue: SystemValue | undefined =
    cloud?.state === 'off' ? { found: false, reason: 'the cloud probe is off' } : undefined;
  const checks = Object.entries(health.data?.checks ?? {});
  return (
    <section className="card" aria-labelledby="server-title">
      <div className="card-body settings-section">
        <h2 id="server-title">Server</h2>
        {[health, version, project, cluster].map((query, index) =>
          query.isError ? <ErrorBanner key={String(index)} error={query.error} /> : null,
        )}
        <dl className="kv">
          <dt>Version</dt>
          <dd className="mono" data-testid="server-version">
            {version.data?.tag_name ?? '…'}
          </dd>
          <dt>Status</dt>
          <dd>
            {health.data?.status ?? '…'}
            {health.data !== undefined && ` · up ${formatDuration(health.data.uptime_seconds * 1000)}`}
          </dd>
          {checks
            .filter(([name]) => name !== 'cloud')
            .map(([name, check]) => (
              <Pair key={name} label={name} text={`${check.state}: ${check.detail}`} />
            ))}
        </dl>
        <h3>Cloud probe</h3>
        <dl className="kv" aria-label="Cloud probe">
          <dt>cloud.metadata</dt>
          <dd className="mono">{cloudMode ?? '…'}</dd>
          <dt>State</dt>
          <dd data-testid="cloud-state">{cloud === undefined ? '…' : `${cloud.state}: ${cloud.detail}`}</dd>
          <dt>Project id</dt>
          <dd>
            <SystemValueText value={project.data ?? offValue} />
          </dd>
          <dt>Cluster name</dt>
          <dd>
            <SystemValueText value={cluster.data ?? offValue} />
          </dd>
        </dl>
      </div>
    </section>
  );
}

function Pair({ label, text }: { readonly label: string; readonly text: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{text}</dd>
    </>
  );
}
