import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { StateBadge } from '../../design/StateBadge';
import { TASK_STATES } from '../../design/states';
import { durationBetween, formatDuration, formatTime } from '../../format/time';
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
  const [sort, setSort] = useState<{ key: TaskSortKey; descending: boolean }>({ key: 'start', descending: false });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the tasks changed in place.
  const rows = useMemo(() => taskRows(tasks.values(), state, sort), [tasks, version, state, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
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
      <div role="table" aria-label="Tasks" aria-rowcount={rows.length + 1} className="vtable">
        <div role="row" className="vtable-row vtable-head">
          {COLUMNS.map((column) => (
            <div
              role="columnheader"
              key={column.key}
              aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button
                type="button"
                onClick={() =>
                  setSort((now) => ({ key: column.key, descending: now.key === column.key ? !now.descending : false }))
                }
              >
                {column.label}
                {sort.key === column.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
              </button>
            </div>
          ))}
        </div>
        <div ref={scroller} className="vtable-body">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const task = rows[item.index];
              if (task === undefined) return null;
              return (
                <div
                  role="row"
                  key={task.path}
                  aria-rowindex={item.index + 2}
                  className="vtable-row"
                  style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  <div role="cell">
                    <button type="button" className="link-button" onClick={() => onSelect(task.path)}>
                      {task.path}
                    </button>
                  </div>
                  <div role="cell">
                    <StateBadge state={task.state} />
                  </div>
                  <div role="cell">{task.attempt ?? '–'}</div>
                  <div role="cell">{formatDuration(durationBetween(task.start_time, task.end_time))}</div>
                  <div role="cell">{formatTime(task.start_time)}</div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
