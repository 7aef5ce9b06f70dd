import { useSyncExternalStore } from 'react';

/** How often the shared clock ticks, in ms. */
export const CLOCK_TICK_MS = 1_000;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const each of listeners) each();
  }, CLOCK_TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
  };
}

const idle = () => () => undefined;

/**
 * The time (epoch ms) of one clock shared by the whole page, ticking every second while `active`
 * (e.g. something running is shown): one timer for every duration on the page, none when nothing runs.
 */
export function useClock(active: boolean): number {
  return useSyncExternalStore(active ? subscribe : idle, () => (active ? now : 0));
}
