import { describe, expect, it } from 'vitest';
import type { RunArtifact } from '../../api/skiff-types';
import { type ComparedRun, metricRows, parameterRows, runIdsOf, toCsv } from './compare-table';

const metrics = (runId: string, metadata: Record<string, unknown>): RunArtifact => ({
  artifact_id: `${runId}-m`,
  run_id: runId,
  name: 'metrics',
  type: 'system.Metrics',
  schema_version: '0.0.1',
  uri: 'file:///x',
  metadata,
  size_bytes: null,
  created_at: '',
  producer: null,
  consumers: [],
});

const run = (
  id: string,
  parameters: Record<string, unknown>,
  artifacts: RunArtifact[] = [],
): ComparedRun => ({
  id,
  name: id,
  parameters,
  artifacts,
});

describe('compare tables', () => {
  it('puts parameters side by side, sorted, marking rows that differ', () => {
    const rows = parameterRows([
      run('a', { lr: 0.1, name: 'x' }),
      run('b', { lr: 0.2, name: 'x', extra: [1] }),
    ]);
    expect(rows).toEqual([
      { name: 'extra', values: [undefined, '[1]'], differs: true },
      { name: 'lr', values: ['0.1', '0.2'], differs: true },
      { name: 'name', values: ['x', 'x'], differs: false },
    ]);
  });

  it('takes each metric from the first Metrics artifact of the run that names it', () => {
    const rows = metricRows([
      run('a', {}, [metrics('a', { acc: 0.9, loss: 0.1 }), metrics('a', { acc: 0.1, f1: 0.5 })]),
      run('b', {}, [metrics('b', { acc: 0.9, loss: Number.NaN }), metrics('other-run', { loss: 7 })]),
    ]);
    expect(rows).toEqual([
      { name: 'acc', values: ['0.9', '0.9'], differs: false },
      { name: 'loss', values: ['0.1', undefined], differs: true },
      { name: 'f1', values: ['0.5', undefined], differs: true },
    ]);
  });

  it('writes CSV with quoting', () => {
    expect(
      toCsv(['metric', 'run "1"', 'b'], [{ name: 'a,b', values: ['1', undefined], differs: true }]),
    ).toBe('metric,"run ""1""",b\r\n"a,b",1,\r\n');
  });

  it('reads the run list without blanks or repeats, at most 10', () => {
    expect(runIdsOf(' a, b,,a ')).toEqual({ ids: ['a', 'b'], dropped: 0 });
    expect(runIdsOf(null).ids).toEqual([]);
    const many = Array.from({ length: 12 }, (_, i) => `r${i}`).join(',');
    expect(runIdsOf(many)).toMatchObject({ dropped: 2 });
  });
});
