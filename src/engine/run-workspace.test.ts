import { afterEach, describe, expect, it } from 'vitest';
import { closeStores, fail, ok, scripted, start } from '../../test/support/engine-harness.js';
import { pipeline, task } from '../../test/support/ir-builder.js';
import type { RunState } from '../metadata/records.js';
import { executeRun } from './execute-run.js';

afterEach(closeStores);

const never = () => new AbortController().signal;
const WORKSPACE = { size: '1Gi', kubernetes: { pvcSpecPatch: { storageClassName: 'standard' } } };

/** `write` then `read`, with a platform document asking for a workspace (JSON is YAML). */
function withWorkspace(): string {
  const spec = pipeline(
    'workspace-run',
    { write: {}, read: {} },
    { tasks: { write: task('write'), read: task('read', { dependentTasks: ['write'] }) } },
  );
  return `${spec}\n---\n${JSON.stringify({ platforms: { kubernetes: { pipelineConfig: { workspace: WORKSPACE } } } })}`;
}

describe("a run's workspace and end, as the runner sees them", () => {
  it('gives every attempt the workspace the pipeline configures, and tells the runner how the run ended', async () => {
    const ended: [string, RunState][] = [];
    const { runner, calls } = scripted({ read: () => ok() });
    runner.endRun = async (runId, state) => {
      ended.push([runId, state]);
    };
    const { deps, spec, run } = await start(withWorkspace(), runner);
    expect((await executeRun(deps, { run, spec, signal: never() })).state).toBe('SUCCEEDED');
    expect(calls.map((call) => call.workspace)).toEqual([
      { size: '1Gi', pvcSpecPatch: { storageClassName: 'standard' } },
      { size: '1Gi', pvcSpecPatch: { storageClassName: 'standard' } },
    ]);
    expect(ended).toEqual([[run.id, 'SUCCEEDED']]);
  });

  it('tells the runner of a failed run too, and gives no workspace where the pipeline asks for none', async () => {
    const ended: RunState[] = [];
    const { runner, calls } = scripted({ one: () => fail() });
    runner.endRun = async (_runId, state) => {
      ended.push(state);
    };
    const { deps, spec, run } = await start(
      pipeline('no-ws', { one: {} }, { tasks: { one: task('one') } }),
      runner,
    );
    expect((await executeRun(deps, { run, spec, signal: never() })).state).toBe('FAILED');
    expect(calls[0]?.workspace).toBeUndefined();
    expect(ended).toEqual(['FAILED']);
  });
});
