import { describe, expect, it } from 'vitest';
import type { AttemptContext } from '../engine/ports.js';
import { attemptLayout, liveLogPathOf, safeSegment } from './attempt-layout.js';

const context: AttemptContext = {
  runId: 'run-1',
  pipelineName: 'my pipeline',
  jobName: 'job',
  jobResourceName: 'my-pipeline-run1',
  pipelineRoot: 's3://bucket/root/',
  jobCreateTimeMs: 0,
  taskId: 'task-7',
  taskPath: 'outer.for-loop-2[1].print-op',
  taskName: 'print-op',
  attempt: 2,
  workspacePath: '/home/me/.skiff/workspaces/run-1',
};

describe('attemptLayout', () => {
  it('puts the attempt under <workDir>/<runId>/<taskPath>.<attempt> with its files inside', () => {
    const layout = attemptLayout(context, { workDir: '/h/work', logsDir: '/h/logs' });
    expect(layout.attemptDir).toBe('/h/work/run-1/outer.for-loop-2.1.print-op.2');
    expect(layout.parametersDir).toBe('/h/work/run-1/outer.for-loop-2.1.print-op.2/parameters');
    expect(layout.artifactsDir).toBe('/h/work/run-1/outer.for-loop-2.1.print-op.2/artifacts');
    expect(layout.executorOutputPath).toBe(
      '/h/work/run-1/outer.for-loop-2.1.print-op.2/executor_output.json',
    );
    expect(layout.liveLogPath).toBe('/h/logs/run-1/outer.for-loop-2.1.print-op.attempt-2.log');
  });

  it('places outputs and the stored log under <root>/<pipeline>/<run>/<taskPath> as KFP does', () => {
    const layout = attemptLayout(context, { workDir: '/h/work', logsDir: '/h/logs' });
    expect(layout.outputUriBase).toBe(
      's3://bucket/root/my_pipeline/run-1/outer.for-loop-2.1.print-op/task-7-2',
    );
    expect(layout.logUri).toBe(
      's3://bucket/root/my_pipeline/run-1/logs/outer.for-loop-2.1.print-op.attempt-2.log',
    );
  });

  it('agrees with liveLogPathOf', () => {
    expect(liveLogPathOf(context, '/h/logs')).toBe(
      attemptLayout(context, { workDir: '/w', logsDir: '/h/logs' }).liveLogPath,
    );
  });
});

describe('safeSegment', () => {
  it('keeps safe names, turns iterations into dotted numbers and replaces other characters', () => {
    expect(safeSegment('print-op_2.x')).toBe('print-op_2.x');
    expect(safeSegment('loop[12]')).toBe('loop.12');
    expect(safeSegment('a/b c')).toBe('a_b_c');
    expect(safeSegment('..')).toBe('_');
    expect(safeSegment('')).toBe('_');
  });
});
