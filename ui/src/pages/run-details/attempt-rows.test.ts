import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../api/skiff-types';
import { attemptRows } from './attempt-rows';

const fetched: Attempt = {
  number: 1,
  state: 'FAILED',
  start_time: '2026-12-07T00:00:00Z',
  end_time: '2026-12-07T00:00:01Z',
  exit_code: 3,
  failure_kind: 'USER',
  message: 'exit 3',
  log_uri: 'file:///log1',
  next_retry_time: '2026-12-07T00:00:02Z',
  retry_round: 1,
  note: null,
};

describe('attemptRows', () => {
  it('lays live events over the fetched rows and adds attempts that started since', () => {
    const events = new Map([
      [
        2,
        { task_id: 't', path: 'p', number: 2, state: 'RUNNING' as const, start_time: '2026-12-07T00:00:02Z' },
      ],
    ]);
    const rows = attemptRows([fetched], events);
    expect(rows.map((r) => [r.number, r.state, r.retry_round])).toEqual([
      [1, 'FAILED', 1],
      [2, 'RUNNING', 1],
    ]);
    const ended = new Map([
      [2, { ...events.get(2)!, state: 'SUCCEEDED' as const, exit_code: 0, end_time: 'x' }],
    ]);
    expect(attemptRows(rows, ended)[1]).toMatchObject({ state: 'SUCCEEDED', exit_code: 0, end_time: 'x' });
  });
});
