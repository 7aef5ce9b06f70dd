import { PageHeader } from '../design/PageHeader';

/** A hash path no page answers: say so and offer the lists. */
export function NotFoundPage({ path }: { readonly path: string }) {
  return (
    <div className="page">
      <PageHeader title="No such page" />
      <div className="banner banner-warning" role="alert">
        <span className="code">SKIFF_UI_NO_PAGE</span>
        <span>
          Nothing is shown at <code>#{path}</code>.
        </span>
        <span>
          <strong>Fix:</strong> open <a href="#/runs">Runs</a>, <a href="#/pipelines">Pipelines</a> or{' '}
          <a href="#/experiments">Experiments</a> and follow a link from there.
        </span>
      </div>
    </div>
  );
}
