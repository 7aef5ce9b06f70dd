import { WarningBanner } from '../design/ErrorBanner';
import type { MetricProblem } from './metric-problems';

/** The most problems listed; the rest are counted. */
const SHOWN = 8;

/** A banner quoting what is wrong in a metrics artifact (path, value, rule); nothing when all is well. */
export function ProblemsBanner({ problems }: { readonly problems: readonly MetricProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <WarningBanner>
      <strong>Malformed metrics: what is valid is drawn, the rest is left out.</strong>
      <ul className="metric-problems">
        {problems.slice(0, SHOWN).map((found) => (
          <li key={`${found.path}|${found.rule}`}>
            <code>{found.path}</code> is <code>{found.value}</code>: {found.rule}
          </li>
        ))}
      </ul>
      {problems.length > SHOWN && <span>…and {problems.length - SHOWN} more.</span>}
    </WarningBanner>
  );
}
