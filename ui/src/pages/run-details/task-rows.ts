import { durationBetween } from '../../format/time';
import type { LiveTask } from './run-live';

export type TaskSortKey = 'name' | 'state' | 'attempts' | 'duration' | 'start';

/** The rows of the task table: tasks in `state` (all when undefined), sorted. */
export function taskRows(
  tasks: Iterable<LiveTask>,
  state: string | undefined,
  sort: { readonly key: TaskSortKey; readonly descending: boolean },
): LiveTask[] {
  const rows = [...tasks].filter((task) => state === undefined || task.state === state);
  const value = (task: LiveTask): string | number => {
    switch (sort.key) {
      case 'name':
        return task.path;
      case 'state':
        return task.state;
      case 'attempts':
        return task.attempt ?? 0;
      case 'duration':
        return durationBetween(task.start_time, task.end_time) ?? -1;
      case 'start':
        return task.start_time ? Date.parse(task.start_time) : 0;
    }
  };
  const sign = sort.descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y), undefined, { numeric: true });
    return order * sign || a.path.localeCompare(b.path, undefined, { numeric: true });
  });
}
