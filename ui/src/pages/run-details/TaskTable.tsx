import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { StateBadge } from '../../design/StateBadge';
import { TASK_STATES } from '../../design/states';
import { LiveDuration } from '../../format/LiveDuration';
import { formatTime } from '../../format/time';
import type { LiveTask } from './run-live';
import { type TaskSortKey, taskRows } from './task-rows';

const ROW_HEIGHT = 34;
const COLUMNS: readonly { readonly key: TaskSortKey; readonly label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'state', label: 'State' },
  { key: 'attempts', label: 'Attempts' },
  { key: 'duration', label: 'Duration' },
  { key: 'start', label: 'Start' },
];

/** Every task of the run in a virtualized table: filter by state, sort by any column, click to open. */
export function TaskTable({
  tasks,
  version,
  onSelect,
}: {
  readonly tasks: ReadonlyMap<string, LiveTask>;
  readonly version: number;
  readonly onSelect: (path: string) => void;
}) {
  const [state, setState] = useState<string>();
  const [sort, setSort] = useState<{ key: TaskSortKey; descending: boolean }>({
    key: 'start',
    descending: false,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the tasks changed in place.
  const rows = useMemo(() => taskRows(tasks.values(), state, sort), [tasks, version, state, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtual.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="task-table">
      <div className="toolbar">
        <label>
          State
          <select value={state ?? ''} onChange={(event) => setState(event.target.value || undefined)}>
            <option value="">All</option>
            {TASK_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" role="status">
          {rows.length} {rows.length === 1 ? 'task' : 'tasks'}
        </span>
      </div>
      <div ref={scroller} className="vtable-body">
        <table className="table vtable" aria-label="Tasks" aria-rowcount={rows.length + 1}>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  aria-sort={
                    sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'
                  }
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() =>
                      setSort((now) => ({
                        key: column.key,
                        descending: now.key === column.key ? !now.descending : false,
                      }))
                    }
                  >
                    {column.label}
                    {sort.key === column.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {before > 0 && (
              <tr className="vtable-spacer" style={{ height: before }}>
                <td colSpan={COLUMNS.length} />
              </tr>
            )}
            {items.map((item) => {
              const task = rows[item.index];
              if (task === undefined) return null;
              return (
                <tr key={task.path} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                  <td className="vtable-name">
                    <button type="button" className="link-button" onClick={() => onSelect(task.path)}>
                      {task.path}
                    </button>
                  </td>
                  <td>
                    <StateBadge state={task.state} />
                  </td>
                  <td className="num">{task.attempt ?? '–'}</td>
                  <td>
                    <LiveDuration start={task.start_time} end={task.end_time} />
                  </td>
                  <td>{formatTime(task.start_time)}</td>
                </tr>
              );
            })}
            {after > 0 && (
              <tr className="vtable-spacer" style={{ height: after }}>
                <td colSpan={COLUMNS.length} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
