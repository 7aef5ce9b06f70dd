import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../engine/index.js';
import { EventHub, type Subscriber } from './event-hub.js';
import type { Frame } from './event-ring.js';

const running = (runId: string, error?: string): EngineEvent => ({
  type: 'run',
  runId,
  state: 'RUNNING',
  ...(error === undefined ? {} : { error }),
});
const idOf = (hub: EventHub, frame: Frame) => `${hub.epoch}.${frame.seq}`;

describe('EventHub', () => {
  it('replays exactly the changes after an id, and none once some were forgotten', () => {
    const hub = new EventHub({ ringEvents: 3 });
    const seen: Frame[] = [];
    hub.subscribeRun('a', { deliver: (f) => seen.push(f), close: () => undefined });
    for (let i = 0; i < 3; i++) hub.publish(running('a'));
    const since = hub.parseEventId(idOf(hub, seen[0]!))!;
    expect(hub.runEventsSince('a', since)?.map((f) => f.seq)).toEqual([2, 3]);
    hub.publish(running('a'));
    hub.publish(running('a'));
    expect(hub.runEventsSince('a', since)).toBeUndefined();
    expect(hub.runEventsSince('a', 3)?.map((f) => f.seq)).toEqual([4, 5]);
  });

  it('does not take ids of another server start, malformed ones, or ones from the future', () => {
    const hub = new EventHub();
    hub.publish(running('a'));
    expect(hub.parseEventId(`${hub.epoch}.1`)).toBe(1);
    expect(hub.parseEventId('0badc0de.1')).toBeUndefined();
    expect(hub.parseEventId(`${hub.epoch}.2`)).toBeUndefined();
    expect(hub.parseEventId('1')).toBeUndefined();
    expect(hub.parseEventId(undefined)).toBeUndefined();
  });

  it('sends run changes to the runs list too, and leaves out the task echo of an attempt', () => {
    const hub = new EventHub();
    const list: Frame[] = [];
    const run: Frame[] = [];
    hub.subscribeRuns({ deliver: (f) => list.push(f), close: () => undefined });
    hub.subscribeRun('a', { deliver: (f) => run.push(f), close: () => undefined });
    hub.publish(running('a'));
    hub.publish({ type: 'task', runId: 'a', path: 't', kind: 'container', state: 'RUNNING', attempt: 1 });
    hub.publish({ type: 'task', runId: 'a', path: 't', kind: 'container', state: 'SUCCEEDED' });
    hub.publish({ type: 'run', runId: 'a', state: 'SUCCEEDED' });
    expect(run.map((f) => f.name)).toEqual(['run', 'task', 'run']);
    expect(run.at(-1)?.finalState).toBe('SUCCEEDED');
    expect(list.map((f) => f.seq)).toEqual([1, 3]);
  });

  it('tells the runs list a state read from the store only when it was not told that state already', () => {
    const hub = new EventHub();
    const list: Frame[] = [];
    hub.subscribeRuns({ deliver: (f) => list.push(f), close: () => undefined });
    hub.publish({ type: 'run', runId: 'a', state: 'PENDING' });
    hub.publishRunStateRead('a', 'PENDING', { run_id: 'a', state: 'PENDING' });
    hub.publish({ type: 'run', runId: 'a', state: 'SUCCEEDED' });
    hub.publishRunStateRead('a', 'SUCCEEDED', { run_id: 'a', state: 'SUCCEEDED' });
    hub.publishRunStateRead('b', 'RUNNING', { run_id: 'b', state: 'RUNNING' });
    hub.publishRunStateRead('b', 'RUNNING', { run_id: 'b', state: 'RUNNING' });
    hub.publishRunStateRead('b', 'FAILED', { run_id: 'b', state: 'FAILED' });
    hub.publishRunsList('deleted', { run_id: 'a' });
    hub.publishRunStateRead('a', 'SUCCEEDED', { run_id: 'a', state: 'SUCCEEDED' });
    const told = list.map(
      (f) => JSON.parse(f.text.split('data: ')[1]!) as { run_id: string; state?: string },
    );
    expect(told.map((t) => `${t.run_id}:${t.state ?? 'deleted'}`)).toEqual([
      'a:PENDING',
      'a:SUCCEEDED',
      'b:RUNNING',
      'b:FAILED',
      'a:deleted',
      'a:SUCCEEDED',
    ]);
  });

  it('cuts long texts so no event passes 64 KB', () => {
    const hub = new EventHub();
    const run: Frame[] = [];
    hub.subscribeRun('a', { deliver: (f) => run.push(f), close: () => undefined });
    hub.publish(running('a', '€'.repeat(100_000)));
    const data = JSON.parse(run[0]!.text.split('data: ')[1]!) as { error: string };
    expect(data.error).toHaveLength(2048);
    expect(data.error.endsWith('…')).toBe(true);
    expect(run[0]!.bytes).toBeLessThan(64 * 1024);
  });

  it('closes the streams of a deleted run and of every run on close', () => {
    const hub = new EventHub();
    const closed: string[] = [];
    // As a stream does: closing it unsubscribes it.
    const follow = (name: string, subscribe: (s: Subscriber) => () => void) => {
      const stop = subscribe({
        deliver: () => undefined,
        close: () => {
          closed.push(name);
          stop();
        },
      });
    };
    follow('a', (s) => hub.subscribeRun('a', s));
    follow('b', (s) => hub.subscribeRun('b', s));
    follow('list', (s) => hub.subscribeRuns(s));
    hub.closeRun('a');
    expect(closed).toEqual(['a']);
    expect(hub.stats().subscribers).toBe(2);
    hub.close();
    expect(closed).toEqual(['a', 'list', 'b']);
    expect(hub.stats().subscribers).toBe(0);
  });
});
