/** How a state looks: one colour per state for runs, tasks, attempts and DAG nodes alike. */
export interface StateStyle {
  readonly label: string;
  /** A CSS colour (a design-token variable). */
  readonly color: string;
  /** True for states that will not change by themselves. */
  readonly final: boolean;
}

const STYLES: Readonly<Record<string, StateStyle>> = {
  PENDING: { label: 'Pending', color: 'var(--state-pending)', final: false },
  RUNTIME_STATE_UNSPECIFIED: { label: 'Pending', color: 'var(--state-pending)', final: false },
  RUNNING: { label: 'Running', color: 'var(--state-running)', final: false },
  SUCCEEDED: { label: 'Succeeded', color: 'var(--state-succeeded)', final: true },
  CACHED: { label: 'Cached', color: 'var(--state-cached)', final: true },
  FAILED: { label: 'Failed', color: 'var(--state-failed)', final: true },
  CANCELING: { label: 'Canceling', color: 'var(--state-canceling)', final: false },
  CANCELED: { label: 'Canceled', color: 'var(--state-canceled)', final: true },
  SKIPPED: { label: 'Skipped', color: 'var(--state-skipped)', final: true },
  PAUSED: { label: 'Paused', color: 'var(--state-pending)', final: false },
  // A task of the spec that never started in a run that has ended (a failed upstream, a stop).
  NOT_RUN: { label: 'Not run', color: 'var(--state-skipped)', final: true },
};

/** The style of `state` (any case); unknown states get a neutral style with their own name. */
export function stateStyle(state: string | null | undefined): StateStyle {
  const key = (state ?? '').toUpperCase();
  return STYLES[key] ?? { label: state || 'Unknown', color: 'var(--state-unknown)', final: false };
}

/** Every state a filter may offer, in display order. */
export const RUN_STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELING', 'CANCELED'] as const;
export const TASK_STATES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'CACHED',
  'FAILED',
  'SKIPPED',
  'CANCELING',
  'CANCELED',
] as const;
