import type { ConfigAnswer, ConfigLocationsAnswer, StorageProvider } from '../../api/settings-api';
import { Empty } from '../../design/Loading';
import { SourceCell } from './SourceCell';
import { ValueCell } from './ValueCell';

const FIELDS = ['bucket', 'keyPrefix', 'endpoint', 'secure', 'region', 'forcePathStyle'] as const;

function scopeOf(provider: StorageProvider): string {
  return `${provider.scheme}://${provider.bucket ?? '*'}${provider.keyPrefix ? `/${provider.keyPrefix}` : ''}`;
}

function credentialsValue(provider: StorageProvider): unknown {
  const credentials = provider.credentials;
  if (credentials === undefined)
    return `(none)${provider.credentialsNote ? `: ${provider.credentialsNote}` : ''}`;
  switch (credentials.kind) {
    case 'keys':
      return `keys ${credentials.accessKeyId} / ${credentials.secretAccessKey}`;
    case 'file':
      return `file ${credentials.file} (profile ${credentials.profile})`;
    default:
      return 'the AWS SDK default chain';
  }
}

/** The storage providers in match order, each field with its source, and same-layer conflicts. */
export function StoragePanel({
  storage,
  locations,
}: {
  readonly storage: ConfigAnswer['storage'];
  readonly locations: ConfigLocationsAnswer['locations'];
}) {
  return (
    <section className="card" aria-labelledby="storage-title">
      <div className="card-body settings-section">
        <h2 id="storage-title">Storage providers</h2>
        <p className="muted">First match by scheme, bucket and key prefix wins.</p>
        {storage.providers.length === 0 && (
          <Empty>
            None: s3:// and minio:// pipeline roots need storage.providers (file:// roots need none).
          </Empty>
        )}
        {storage.providers.map((provider, index) => (
          <div
            key={`${provider.source}|${scopeOf(provider)}`}
            className="provider"
            data-provider={scopeOf(provider)}
          >
            <h3>
              [{index}] <span className="mono">{scopeOf(provider)}</span>{' '}
              <SourceCell source={provider.source} configKey={undefined} locations={locations} />
            </h3>
            <table className="table" aria-label={`Provider ${scopeOf(provider)}`}>
              <tbody>
                {FIELDS.filter((field) => provider[field] !== undefined).map((field) => (
                  <tr key={field}>
                    <td className="mono">{field}</td>
                    <td>
                      <ValueCell value={provider[field]} />
                    </td>
                    <td>
                      <SourceCell
                        source={provider.fieldSources[field] ?? provider.source}
                        configKey={undefined}
                        locations={locations}
                      />
                    </td>
                  </tr>
                ))}
                <tr>
                  <td className="mono">credentials</td>
                  <td>
                    <ValueCell value={credentialsValue(provider)} />
                  </td>
                  <td>
                    <SourceCell
                      source={provider.fieldSources.credentials ?? provider.source}
                      configKey={undefined}
                      locations={locations}
                    />
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
        ))}
        {storage.conflicts.length > 0 && (
          <div className="banner banner-warning" role="status">
            <strong>Conflicts: inputs of one layer that disagree (the first is used)</strong>
            {storage.conflicts.map((conflict) => (
              <div key={conflict.key}>
                <span className="mono">{conflict.key}</span>
                <ul>
                  {conflict.values.map((item, index) => (
                    <li key={`${item.source}|${item.value}`}>
                      <ValueCell value={item.value} />{' '}
                      <SourceCell source={item.source} configKey={undefined} locations={locations} />
                      {index === 0 && ' (used)'}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
