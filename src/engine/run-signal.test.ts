import { afterEach, describe, expect, it } from 'vitest';
import { ok, scripted, start } from '../../test/support/engine-harness.js';
import { pipeline, task } from '../../test/support/ir-builder.js';
import { executeRun } from './execute-run.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe("the run's abort signal", () => {
  it('takes a listener from every attempt in flight without a MaxListenersExceededWarning', async () => {
    process.on('warning', onWarning);
    const count = 16;
    const names = Array.from({ length: count }, (_, i) => `t${i}`);
    const specText = pipeline('wide', Object.fromEntries(names.map((name) => [name, {}])), {
      tasks: Object.fromEntries(names.map((name) => [name, task(name)])),
    });
    let inFlight = 0;
    let allIn: () => void = () => {};
    const everyoneIn = new Promise<void>((resolve) => {
      allIn = resolve;
    });
    // Each attempt listens to the run's signal, as the local executor and the launcher do, until all are in.
    const behaviour = async (req: { signal: AbortSignal }) => {
      const onAbort = () => {};
      req.signal.addEventListener('abort', onAbort, { once: true });
      if (++inFlight === count) allIn();
      await everyoneIn;
      req.signal.removeEventListener('abort', onAbort);
      return ok();
    };
    const { runner, peak } = scripted(Object.fromEntries(names.map((name) => [name, behaviour])));
    const { deps, spec, run } = await start(specText, runner);
    const wide = { ...deps, options: { ...deps.options, maxParallelTasks: count } };
    const done = await executeRun(wide, { run, spec, signal: new AbortController().signal });
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(done.state).toBe('SUCCEEDED');
    expect(peak()).toBe(count);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });
});
