import { useQuery } from '@tanstack/react-query';
import { fetchDoctor } from '../../api/settings-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { formatDuration } from '../../format/time';

const STATUS = {
  ok: { icon: '✓', label: 'ok' },
  warn: { icon: '!', label: 'warning' },
  fail: { icon: '✗', label: 'failed' },
  skip: { icon: '–', label: 'skipped' },
} as const;

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

/** The `skiff doctor` report of the server, with a button that runs every check again. */
export function DoctorPanel() {
  const doctor = useQuery({
    queryKey: ['doctor'],
    queryFn: ({ signal }) => fetchDoctor(signal),
    staleTime: Infinity,
  });
  const report = doctor.data;
  return (
    <section className="card" aria-labelledby="doctor-title">
      <div className="card-body settings-section">
        <div className="toolbar">
          <h2 id="doctor-title">Doctor</h2>
          {report !== undefined && (
            <span className={`badge ${report.ok ? 'doctor-ok' : 'doctor-fail'}`}>
              {report.ok ? '✓ every check passed' : '✗ some checks failed'}
            </span>
          )}
          <span className="grow" />
          {doctor.dataUpdatedAt > 0 && (
            <span className="muted" data-testid="doctor-time">
              Checked at {clock(doctor.dataUpdatedAt)}
            </span>
          )}
          <button
            type="button"
            className="btn btn-small"
            disabled={doctor.isFetching}
            onClick={() => void doctor.refetch()}
          >
            {doctor.isFetching ? 'Checking…' : 'Run checks again'}
          </button>
        </div>
        {doctor.isError && <ErrorBanner error={doctor.error} />}
        {report === undefined ? (
          doctor.isPending && <Loading what="Running the checks" />
        ) : (
          <table className="table" aria-label="Doctor checks">
            <thead>
              <tr>
                <th>Check</th>
                <th>Target</th>
                <th>Result</th>
                <th>Detail</th>
                <th className="num">Took</th>
              </tr>
            </thead>
            <tbody>
              {report.checks.map((check) => {
                const status = STATUS[check.status] ?? STATUS.skip;
                return (
                  <tr key={`${check.name}|${check.target}|${check.detail}`} data-status={check.status}>
                    <td>{check.name}</td>
                    <td className="mono">{check.target}</td>
                    <td className={`check-${check.status}`}>
                      <span aria-hidden="true">{status.icon}</span> {status.label}
                    </td>
                    <td>
                      {check.code !== undefined && <span className="mono">{check.code}: </span>}
                      {check.detail}
                      {check.fix !== undefined && (
                        <div>
                          <strong>Fix:</strong> {check.fix}
                        </div>
                      )}
                    </td>
                    <td className="num">{formatDuration(check.durationMs)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
