import { useQuery } from '@tanstack/react-query';
import { fetchConfig, fetchConfigLocations } from '../../api/settings-api';
import type { PageProps } from '../../app/app-route';
import { ErrorBanner, WarningBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { ConfigTable } from './ConfigTable';
import { DoctorPanel } from './DoctorPanel';
import { ServerPanel } from './ServerPanel';
import { StoragePanel } from './StoragePanel';
import './settings.css';

/** `#/settings`: the server's configuration with the source of every value, storage, doctor and cloud probe. */
export function SettingsPage(_props: PageProps) {
  const config = useQuery({ queryKey: ['config'], queryFn: ({ signal }) => fetchConfig(signal) });
  const locations = useQuery({
    queryKey: ['config-locations'],
    queryFn: ({ signal }) => fetchConfigLocations(signal),
  });
  const found = locations.data?.locations ?? {};
  const cloudMode = config.data?.values['cloud.metadata']?.value;
  return (
    <div className="page">
      <PageHeader title="Settings" />
      <p className="muted">
        The configuration this server resolved at start (defaults &lt; config file &lt; environment &lt;
        flags), as <code>skiff config</code> prints it. Secrets are masked by the server and never sent.
      </p>
      <ServerPanel cloudMode={typeof cloudMode === 'string' ? cloudMode : undefined} />
      {config.isPending && <Loading what="Loading the configuration" />}
      {config.isError && <ErrorBanner error={config.error} onRetry={() => void config.refetch()} />}
      {locations.isError && <ErrorBanner error={locations.error} title="Lines of config files are unknown" />}
      {config.data !== undefined && (
        <>
          {(config.data.warnings ?? []).length > 0 && (
            <WarningBanner>
              <strong>Warnings</strong>
              {config.data.warnings.map((warning) => (
                <span key={warning}>{warning}</span>
              ))}
            </WarningBanner>
          )}
          <ConfigTable values={config.data.values ?? {}} locations={found} />
          <StoragePanel storage={config.data.storage ?? { providers: [], conflicts: [] }} locations={found} />
        </>
      )}
      <DoctorPanel />
    </div>
  );
}
