import { stateStyle } from './states';

/** A coloured dot and the state's name; a running state pulses. */
export function StateBadge({
  state,
  title,
}: {
  readonly state: string | null | undefined;
  readonly title?: string;
}) {
  const style = stateStyle(state);
  return (
    <span
      className={`state state-${(state ?? '').toLowerCase()}`}
      title={title ?? style.label}
      data-state={state ?? ''}
    >
      <span className="state-dot" style={{ background: style.color }} aria-hidden="true" />
      {style.label}
    </span>
  );
}
