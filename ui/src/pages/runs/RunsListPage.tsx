import type { PageProps } from '../../app/app-route';
import { PageHeader } from '../../design/PageHeader';
import { RunsTable } from './RunsTable';

/** `#/runs` and `#/archive/runs`: every run, live, with filters, compare and archive. */
export function RunsListPage({ archived }: PageProps & { readonly archived: boolean }) {
  return (
    <div className="page">
      <PageHeader
        title={archived ? 'Archived runs' : 'Runs'}
        actions={
          <a className="btn btn-primary" href="#/runs/new">
            Create run
          </a>
        }
      >
        <nav className="runs-views" aria-label="Run views">
          <a href="#/runs" aria-current={archived ? undefined : 'page'}>
            Active
          </a>
          <a href="#/archive/runs" aria-current={archived ? 'page' : undefined}>
            Archived
          </a>
        </nav>
      </PageHeader>
      <RunsTable key={archived ? 'archived' : 'active'} archived={archived} />
    </div>
  );
}

export default function ActiveRunsPage(props: PageProps) {
  return <RunsListPage {...props} archived={false} />;
}

/** `#/archive/runs`. */
export function ArchivedRunsPage(props: PageProps) {
  return <RunsListPage {...props} archived />;
}
