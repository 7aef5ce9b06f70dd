import type { RecentRun } from '../../api/experiments-api';
import { stateStyle } from '../../design/states';
import { hashHref } from '../../router/hash-location';

/** An experiment's latest runs as coloured dots, newest first; each links to its run and names its state. */
export function RecentRunDots({ runs }: { readonly runs: readonly RecentRun[] | undefined }) {
  if (runs === undefined) return <span className="muted">…</span>;
  if (runs.length === 0) return <span className="muted">No runs</span>;
  return (
    <ul className="recent-dots" aria-label={`Last ${runs.length} runs`}>
      {runs.map((run) => {
        const style = stateStyle(run.state);
        return (
          <li key={run.run_id}>
            <a
              href={hashHref('runs', 'details', run.run_id)}
              title={`${run.display_name}: ${style.label}`}
              data-state={run.state}
            >
              <span className="state-dot" style={{ background: style.color }} aria-hidden="true" />
              <span className="visually-hidden">{`${run.display_name}: ${style.label}`}</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
