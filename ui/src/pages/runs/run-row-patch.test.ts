import { describe, expect, it } from 'vitest';
import type { RunSummary, RunsPage } from '../../api/runs-api';
import { applyRunsListChange, readRunsListChange } from './run-row-patch';

const row = (id: string, state = 'PENDING'): RunSummary => ({
  run_id: id,
  display_name: id,
  state,
  storage_state: 'AVAILABLE',
  created_at: '2026-12-07T10:00:00.000Z',
  started_at: null,
  finished_at: null,
  duration_ms: null,
  pipeline_id: null,
  pipeline_name: 'p',
  pipeline_version_id: null,
  pipeline_version_name: null,
  experiment_id: null,
  experiment_name: null,
  recurring_run_id: null,
  recurring_run_name: null,
  error: null,
  metrics: [],
});
const page: RunsPage = { runs: [row('a'), row('b')], metric_columns: [], total_size: 2 };

describe('applyRunsListChange', () => {
  it('moves a row through RUNNING and SUCCEEDED with its duration', () => {
    const running = readRunsListChange('run', {
      run_id: 'a',
      state: 'RUNNING',
      start_time: '2026-12-07T10:00:01.000Z',
    })!;
    const first = applyRunsListChange(page, running, 'AVAILABLE');
    expect(first.kind).toBe('patched');
    const afterRunning = (first as { page: RunsPage }).page;
    expect(afterRunning.runs[0]).toMatchObject({ state: 'RUNNING', duration_ms: null });
    const done = readRunsListChange('run', {
      run_id: 'a',
      state: 'SUCCEEDED',
      end_time: '2026-12-07T10:00:03.500Z',
    })!;
    const second = applyRunsListChange(afterRunning, done, 'AVAILABLE') as { page: RunsPage };
    expect(second.page.runs[0]).toMatchObject({ state: 'SUCCEEDED', duration_ms: 2500 });
    expect(page.runs[0]!.state).toBe('PENDING');
  });

  it('drops a row archived out of the view or deleted, and reports a new PENDING run', () => {
    const archived = readRunsListChange('run', {
      run_id: 'b',
      state: 'SUCCEEDED',
      storage_state: 'ARCHIVED',
    })!;
    const result = applyRunsListChange(page, archived, 'AVAILABLE') as { page: RunsPage };
    expect(result.page.runs.map((r) => r.run_id)).toEqual(['a']);
    expect(result.page.total_size).toBe(1);
    expect(applyRunsListChange(page, archived, 'ARCHIVED').kind).toBe('patched');
    const deleted = readRunsListChange('deleted', { run_id: 'a' })!;
    expect((applyRunsListChange(page, deleted, 'AVAILABLE') as { page: RunsPage }).page.runs).toHaveLength(1);
    const created = readRunsListChange('run', { run_id: 'z', state: 'PENDING', display_name: 'z' })!;
    expect(applyRunsListChange(page, created, 'AVAILABLE')).toEqual({ kind: 'new-run', runId: 'z' });
    const elsewhere = readRunsListChange('run', { run_id: 'z', state: 'RUNNING' })!;
    expect(applyRunsListChange(page, elsewhere, 'AVAILABLE')).toEqual({ kind: 'none' });
  });

  it('ignores malformed events', () => {
    expect(readRunsListChange('run', null)).toBeUndefined();
    expect(readRunsListChange('run', { run_id: 3 })).toBeUndefined();
    expect(readRunsListChange('task', { run_id: 'a' })).toBeUndefined();
  });
});
