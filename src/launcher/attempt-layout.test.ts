import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttemptContext } from '../engine/ports.js';
import { fileUriToPath } from '../storage/uri.js';
import { attemptLayout, liveLogPathOf, MAX_SEGMENT_CHARS, safeSegment } from './attempt-layout.js';

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

/** The layout spelled out with path.join and whole-URI decoding, as the launcher first computed it. */
function plainLayout(c: AttemptContext, workDir: string, logsDir: string) {
  const task = safeSegment(c.taskPath);
  const run = safeSegment(c.runId);
  const attemptDir = path.join(workDir, run, `${task}.${c.attempt}`);
  const runUri = [c.pipelineRoot.replace(/\/+$/, ''), safeSegment(c.pipelineName, false), run].join('/');
  const logUri = `${runUri}/logs/${task}.attempt-${c.attempt}.log`;
  const localLogPath = path.join(logsDir, run, `${task}.attempt-${c.attempt}.log`);
  return {
    attemptDir,
    inputsDir: path.join(attemptDir, 'inputs'),
    parametersDir: path.join(attemptDir, 'parameters'),
    artifactsDir: path.join(attemptDir, 'artifacts'),
    executorOutputPath: path.join(attemptDir, 'executor_output.json'),
    liveLogPath: c.pipelineRoot.startsWith('file://') ? fileUriToPath(logUri) : localLogPath,
    localLogPath,
    outputUriBase: `${runUri}/${task}/${safeSegment(c.taskId)}-${c.attempt}`,
    logUri,
  };
}

describe('attemptLayout (run-level parts computed once per run)', () => {
  const roots = [
    'file:///home/me/.skiff/artifacts',
    'file:///home/me/artifacts///',
    'file://localhost/srv/root',
    'file:///tmp/with%20space/and%C3%A9',
    'file:///tmp/a%2Fb/root',
    'file:///tmp/dots/../up/./here',
    'file:///tmp/q?x=1/root',
    'file:///tmp/frag#part/root',
    'file:///tmp/back\\slash',
    's3://bucket/prefix/',
    'minio://mlpipeline/v2',
  ];
  const dirs = [
    ['/h/work', '/h/logs'],
    ['/h/work/', '/h//logs/'],
    ['/', '/'],
    ['rel/work', './logs'],
  ] as const;
  it.each(roots)('gives the paths path.join and whole-URI decoding give, under %s', (pipelineRoot) => {
    for (const [workDir, logsDir] of dirs) {
      for (const [taskPath, attempt] of [
        ['outer.for-loop-2[1].print-op', 1],
        ['..', 3],
        ['a b/c', 12],
      ] as const) {
        const c = { ...context, pipelineRoot, pipelineName: 'pipe line', taskPath, attempt };
        expect(attemptLayout(c, { workDir, logsDir })).toEqual(plainLayout(c, workDir, logsDir));
        expect(liveLogPathOf(c, logsDir)).toBe(plainLayout(c, workDir, logsDir).liveLogPath);
      }
    }
  });
});

describe('safeSegment', () => {
  it('keeps safe names, turns iterations into dotted numbers and replaces other characters', () => {
    expect(safeSegment('print-op_2.x')).toBe('print-op_2.x');
    expect(safeSegment('loop[12]')).toBe('loop.12');
    expect(safeSegment('a/b c')).toMatch(/^a_b_c-[0-9a-f]{16}$/);
    expect(safeSegment('..')).toMatch(/^_-[0-9a-f]{16}$/);
    expect(safeSegment('')).toMatch(/^-[0-9a-f]{16}$/);
  });

  it('never gives two names one segment: a name that needed changing ends with its hash', () => {
    expect(safeSegment('o/x')).not.toBe(safeSegment('o_x'));
    expect(safeSegment('o_x')).toBe('o_x');
    expect(safeSegment('a b')).not.toBe(safeSegment('a/b'));
    expect(safeSegment('o/x')).toBe(safeSegment('o/x'));
  });
});

describe('safeSegment of long names', () => {
  it('keeps a name of 300 characters under the file name limit, apart from a similar one, and the same each time', () => {
    const long = 'p'.repeat(300);
    const other = `${'p'.repeat(299)}q`;
    expect(safeSegment(long)).toHaveLength(MAX_SEGMENT_CHARS);
    expect(safeSegment(long)).toMatch(/^p+-[0-9a-f]{16}$/);
    expect(safeSegment(long)).not.toBe(safeSegment(other));
    expect(safeSegment(long)).toBe(safeSegment(long));
    expect(safeSegment('p'.repeat(MAX_SEGMENT_CHARS))).toBe('p'.repeat(MAX_SEGMENT_CHARS));
    // A log name adds ".attempt-<n>.log" and still fits in 255 bytes.
    const layout = attemptLayout(
      { ...context, taskPath: 't'.repeat(400), pipelineName: long },
      { workDir: '/w', logsDir: '/l' },
    );
    for (const segment of layout.liveLogPath.split('/')) expect(segment.length).toBeLessThan(256);
  });
});
