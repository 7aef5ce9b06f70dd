import { expect, it } from 'vitest';
import type { ExperimentRecord } from '../catalog-records.js';
import type { MetadataStore } from '../metadata-store.js';
import { makeRecurringRun, makeRun, T0 } from './fixtures.js';

const experiment = (id: string): ExperimentRecord => ({
  id,
  displayName: id,
  description: '',
  namespace: '',
  storageState: 'AVAILABLE',
  createdAtMs: T0,
  lastRunCreatedAtMs: null,
});

/**
 * Registers the tests of what archiving and deleting an experiment do to its runs and recurring
 * runs (KFP's ArchiveExperiment); `store()` is a fresh, empty store per test.
 */
export function experimentCascadeContract(store: () => MetadataStore): void {
  /** Experiments e-1 and e-2; runs and recurring runs in each, and a run in none. */
  async function seed(): Promise<void> {
    const s = store();
    await s.experiments.create(experiment('e-1'));
    await s.experiments.create(experiment('e-2'));
    await s.runs.create(makeRun({ id: 'r-1', experimentId: 'e-1', state: 'RUNNING' }));
    await s.runs.create(makeRun({ id: 'r-2', experimentId: 'e-1', storageState: 'ARCHIVED' }));
    await s.runs.create(makeRun({ id: 'r-3', experimentId: 'e-2' }));
    await s.runs.create(makeRun({ id: 'r-4', experimentId: null }));
    await s.recurringRuns.create(makeRecurringRun({ id: 'rr-1', experimentId: 'e-1' }));
    await s.recurringRuns.create(makeRecurringRun({ id: 'rr-2', experimentId: 'e-1', status: 'DISABLED' }));
    await s.recurringRuns.create(makeRecurringRun({ id: 'rr-3', experimentId: 'e-2' }));
  }
  const runStates = async () =>
    Object.fromEntries(
      (await store().runs.list()).map((run) => [run.id, `${run.state} ${run.storageState}`]),
    );
  const recurringStates = async () =>
    Object.fromEntries(
      (await store().recurringRuns.list()).map((rr) => [rr.id, `${rr.status} ${rr.updatedAtMs - T0}`]),
    );

  it('archives an experiment with all its runs and disables its enabled recurring runs, nothing else', async () => {
    await seed();
    expect(await store().experiments.archive('e-1', T0 + 99)).toBe(true);
    expect((await store().experiments.get('e-1'))?.storageState).toBe('ARCHIVED');
    expect((await store().experiments.get('e-2'))?.storageState).toBe('AVAILABLE');
    // A running run is archived too (KFP archives runs whatever their state); its state is untouched.
    expect(await runStates()).toEqual({
      'r-1': 'RUNNING ARCHIVED',
      'r-2': 'PENDING ARCHIVED',
      'r-3': 'PENDING AVAILABLE',
      'r-4': 'PENDING AVAILABLE',
    });
    // Only the enabled one changes (and is marked updated); the disabled one keeps its update time.
    expect(await recurringStates()).toEqual({
      'rr-1': 'DISABLED 99',
      'rr-2': 'DISABLED 0',
      'rr-3': 'ENABLED 0',
    });
  });

  it('archives nothing for an unknown experiment', async () => {
    await seed();
    expect(await store().experiments.archive('ghost', T0 + 99)).toBe(false);
    expect(Object.values(await runStates()).filter((state) => state.endsWith('ARCHIVED'))).toEqual([
      'PENDING ARCHIVED',
    ]);
    expect((await store().recurringRuns.get('rr-1'))?.status).toBe('ENABLED');
  });

  it('unarchives the experiment alone: its runs stay archived, its recurring runs disabled', async () => {
    await seed();
    await store().experiments.archive('e-1', T0 + 99);
    expect(await store().experiments.setStorageState('e-1', 'AVAILABLE')).toBe(true);
    expect((await store().experiments.get('e-1'))?.storageState).toBe('AVAILABLE');
    expect((await store().runs.get('r-1'))?.storageState).toBe('ARCHIVED');
    expect((await store().recurringRuns.get('rr-1'))?.status).toBe('DISABLED');
  });

  it('deletes an experiment, keeping its runs and recurring runs, the recurring runs disabled', async () => {
    await seed();
    expect(await store().experiments.delete('e-1', T0 + 5)).toBe(true);
    expect(await store().experiments.get('e-1')).toBeUndefined();
    expect((await store().runs.get('r-1'))?.experimentId).toBe('e-1');
    expect((await store().runs.get('r-1'))?.storageState).toBe('AVAILABLE');
    expect(await recurringStates()).toEqual({
      'rr-1': 'DISABLED 5',
      'rr-2': 'DISABLED 0',
      'rr-3': 'ENABLED 0',
    });
    expect(await store().experiments.delete('e-1', T0 + 6)).toBe(false);
  });
}
