import type { ConfigLocationsAnswer } from '../../api/settings-api';
import { describeSource } from './config-source';

/** Where a value came from: a kind badge and the detail (file:line, variable name, flag). */
export function SourceCell({
  source,
  configKey,
  locations,
}: {
  readonly source: string;
  readonly configKey: string | undefined;
  readonly locations: ConfigLocationsAnswer['locations'];
}) {
  const view = describeSource(source, configKey, locations);
  return (
    <span className="source" data-source-kind={view.kind} title={source}>
      <span className={`badge source-${view.kind}`}>{view.label}</span>
      {view.detail !== '' && <span className="mono source-detail">{view.detail}</span>}
    </span>
  );
}
