import { PageHeader } from '../../design/PageHeader';
import { RecurringRunsTable } from './RecurringRunsTable';

/** `#/recurringruns`: every recurring run. */
export default function RecurringRunsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Recurring runs"
        actions={
          <a className="btn btn-primary" href="#/runs/new?recurring=1">
            Create recurring run
          </a>
        }
      />
      <RecurringRunsTable />
    </div>
  );
}
