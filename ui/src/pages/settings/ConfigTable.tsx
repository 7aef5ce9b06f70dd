import { useMemo, useState } from 'react';
import type { ConfigAnswer, ConfigLocationsAnswer } from '../../api/settings-api';
import { Empty } from '../../design/Loading';
import { describeSource, groupOf, valueText } from './config-source';
import { SourceCell } from './SourceCell';
import { ValueCell } from './ValueCell';

/** Every effective value with its source, grouped by the key's first part, filtered by key, value or source. */
export function ConfigTable({
  values,
  locations,
}: {
  readonly values: ConfigAnswer['values'];
  readonly locations: ConfigLocationsAnswer['locations'];
}) {
  const [filter, setFilter] = useState('');
  const [onlySet, setOnlySet] = useState(false);
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const byGroup = new Map<string, [string, ConfigAnswer['values'][string]][]>();
    for (const [key, entry] of Object.entries(values)) {
      const view = describeSource(entry.source, key, locations);
      if (onlySet && view.kind === 'default') continue;
      const haystack = `${key} ${valueText(entry.value)} ${entry.source} ${view.detail}`.toLowerCase();
      if (needle !== '' && !haystack.includes(needle)) continue;
      const group = groupOf(key);
      byGroup.set(group, [...(byGroup.get(group) ?? []), [key, entry]]);
    }
    return [...byGroup.entries()];
  }, [values, locations, filter, onlySet]);
  return (
    <section className="card" aria-labelledby="config-title">
      <div className="card-body settings-section">
        <div className="toolbar">
          <h2 id="config-title">Configuration</h2>
          <input
            type="search"
            aria-label="Filter settings"
            placeholder="Filter by key, value or source"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <label>
            <input type="checkbox" checked={onlySet} onChange={(event) => setOnlySet(event.target.checked)} />
            Only values not from defaults
          </label>
        </div>
        {groups.length === 0 ? (
          <Empty>No setting matches “{filter}”.</Empty>
        ) : (
          <table className="table" aria-label="Configuration values">
            <thead>
              <tr>
                <th>Key</th>
                <th>Value</th>
                <th>Source</th>
              </tr>
            </thead>
            {groups.map(([group, rows]) => (
              <tbody key={group}>
                <tr className="group-row">
                  <th colSpan={3} scope="rowgroup">
                    {group}
                  </th>
                </tr>
                {rows.map(([key, entry]) => (
                  <tr key={key} data-key={key}>
                    <td className="mono">{key}</td>
                    <td>
                      <ValueCell value={entry.value} />
                    </td>
                    <td>
                      <SourceCell source={entry.source} configKey={key} locations={locations} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        )}
      </div>
    </section>
  );
}
