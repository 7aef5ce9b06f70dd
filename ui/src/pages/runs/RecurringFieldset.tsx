import type { RecurringForm } from './recurring-form';

/** The trigger of a recurring run: cron or interval, window, concurrency, catch-up. */
export function RecurringFieldset({
  form,
  errors,
  onChange,
}: {
  readonly form: RecurringForm;
  readonly errors: Readonly<Record<string, string>>;
  readonly onChange: (form: RecurringForm) => void;
}) {
  const set = <K extends keyof RecurringForm>(key: K, value: RecurringForm[K]) =>
    onChange({ ...form, [key]: value });
  const message = (key: string) =>
    errors[key] === undefined ? null : (
      <span className="field-error" role="alert">
        {errors[key]}
      </span>
    );
  return (
    <fieldset className="create-fieldset">
      <legend>Trigger</legend>
      <div className="toolbar">
        <label>
          <input
            type="radio"
            name="trigger"
            checked={form.kind === 'cron'}
            onChange={() => set('kind', 'cron')}
          />
          Cron
        </label>
        <label>
          <input
            type="radio"
            name="trigger"
            checked={form.kind === 'interval'}
            onChange={() => set('kind', 'interval')}
          />
          Interval
        </label>
      </div>
      {form.kind === 'cron' ? (
        <div className="field">
          <label className="label" htmlFor="cron">
            Cron expression
          </label>
          <input id="cron" type="text" value={form.cron} onChange={(e) => set('cron', e.target.value)} />
          <span className="hint">
            6 fields with seconds, in UTC: second minute hour day-of-month month day-of-week
          </span>
          {message('cron')}
        </div>
      ) : (
        <div className="field">
          <span className="label">Every</span>
          <div className="toolbar">
            <input
              type="text"
              aria-label="Interval"
              value={form.intervalValue}
              onChange={(e) => set('intervalValue', e.target.value)}
            />
            <select
              aria-label="Interval unit"
              value={form.intervalUnit}
              onChange={(e) => set('intervalUnit', e.target.value as RecurringForm['intervalUnit'])}
            >
              {(['seconds', 'minutes', 'hours', 'days'] as const).map((unit) => (
                <option key={unit} value={unit}>
                  {unit}
                </option>
              ))}
            </select>
          </div>
          {message('interval')}
        </div>
      )}
      <div className="create-row">
        <div className="field">
          <label className="label" htmlFor="start">
            Start (optional)
          </label>
          <input
            id="start"
            type="datetime-local"
            value={form.start}
            onChange={(e) => set('start', e.target.value)}
          />
          {message('start')}
        </div>
        <div className="field">
          <label className="label" htmlFor="end">
            End (optional)
          </label>
          <input
            id="end"
            type="datetime-local"
            value={form.end}
            onChange={(e) => set('end', e.target.value)}
          />
          {message('end')}
        </div>
        <div className="field">
          <label className="label" htmlFor="max-concurrency">
            Max concurrency
          </label>
          <input
            id="max-concurrency"
            type="text"
            value={form.maxConcurrency}
            onChange={(e) => set('maxConcurrency', e.target.value)}
          />
          {message('maxConcurrency')}
        </div>
      </div>
      <label>
        <input type="checkbox" checked={form.catchup} onChange={(e) => set('catchup', e.target.checked)} />
        Catch up: run the triggers missed while the server was down
      </label>
    </fieldset>
  );
}
