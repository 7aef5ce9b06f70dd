import { randomBytes } from 'node:crypto';
import type { EngineEvent } from '../../engine/index.js';
import { capped, encodeFrame, eventPayload, isFinalRunEvent, type Payload } from './event-frames.js';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from './event-limits.js';
import { EventRing, type Frame } from './event-ring.js';
import type { StreamMeter } from './sse-stream.js';

/** Runs whose last told state the hub remembers (about 100 bytes each). */
const MAX_TOLD_STATES = 10_000;

/** Receives the frames of one stream; `close` ends it (the server is stopping). */
export interface Subscriber {
  deliver(frame: Frame): void;
  close(): void;
}

/** Counters for operators and tests. */
export interface EventHubStats {
  readonly subscribers: number;
  /** Clients disconnected because they left more than `maxPendingBytes` unread. */
  readonly dropped: number;
  /** The most bytes any client left unread in the socket's buffer so far. */
  readonly maxPendingBytes: number;
}

/**
 * The server's in-process fan-out of engine events: each change gets a hub-wide sequence number,
 * is kept in its run's bounded ring (and the runs-list ring for run changes) for reconnects, and
 * is handed to the subscribers of that run and of the runs list.
 */
export class EventHub implements StreamMeter {
  /** Changes with each server start, so ids of an earlier server are never taken for ours. */
  readonly epoch = randomBytes(4).toString('hex');
  readonly limits: EventLimits;
  #seq = 0;
  /** Per-run rings, least recently changed first. */
  readonly #runRings = new Map<string, EventRing>();
  readonly #runsRing: EventRing;
  readonly #runSubscribers = new Map<string, Set<Subscriber>>();
  readonly #runsSubscribers = new Set<Subscriber>();
  /** The state the runs list was last told of each run, least recently told first (bounded). */
  readonly #toldStates = new Map<string, string>();
  #dropped = 0;
  #maxPending = 0;

  constructor(limits: Partial<EventLimits> = {}) {
    this.limits = { ...DEFAULT_EVENT_LIMITS, ...limits };
    this.#runsRing = new EventRing(this.limits.ringEvents, this.limits.ringBytes, 0);
  }

  /** The sequence number of the latest change (0 before any). */
  get seq(): number {
    return this.#seq;
  }

  /**
   * Publish an engine event (or a run change the server made itself) to the streams. A `run` event
   * goes to the runs list too unless `runsList` is false (the store watcher reports the list itself).
   */
  publish(event: EngineEvent, { runsList = true }: { runsList?: boolean } = {}): void {
    const mapped = eventPayload(event, this.limits.maxTextChars);
    if (mapped === undefined) return;
    const seq = ++this.#seq;
    const frame = {
      ...encodeFrame(this.epoch, seq, mapped.name, mapped.payload),
      seq,
      ...(event.type === 'run' && isFinalRunEvent(event) ? { finalState: event.state } : {}),
    };
    this.#ring(event.runId, seq - 1).push(frame);
    for (const subscriber of this.#runSubscribers.get(event.runId) ?? []) subscriber.deliver(frame);
    if (event.type !== 'run' || !runsList) return;
    this.#told(event.runId, event.state);
    this.#runsRing.push(frame);
    for (const subscriber of this.#runsSubscribers) subscriber.deliver(frame);
  }

  /**
   * Publish a change only the runs list shows (archived, restored, deleted): kept in the runs-list
   * ring and sent to its subscribers, not to the run's own stream (whose `run` events are states).
   */
  publishRunsList(name: 'run' | 'deleted', payload: Payload): void {
    const runId = payload.run_id;
    if (typeof runId === 'string') {
      if (name === 'deleted') this.#toldStates.delete(runId);
      else if (typeof payload.state === 'string') this.#told(runId, payload.state);
    }
    const seq = ++this.#seq;
    const frame = { ...encodeFrame(this.epoch, seq, name, capped(payload, this.limits.maxTextChars)), seq };
    this.#runsRing.push(frame);
    for (const subscriber of this.#runsSubscribers) subscriber.deliver(frame);
  }

  /**
   * Publish a run's state read from the store (the store watcher) to the runs list, unless the list
   * was told that state already: a run this server created or executed was reported by its engine,
   * and the watcher may read it just before the worker takes it or just after it lets it go.
   */
  publishRunStateRead(runId: string, state: string, payload: Payload): void {
    if (this.#toldStates.get(runId) === state) return;
    this.publishRunsList('run', payload);
  }

  /** A frame that is not a change (snapshot part, `end`, `reset`): no id, not kept. */
  frame(name: string, payload: Payload, seq: number | null = null): Frame {
    return encodeFrame(this.epoch, seq, name, payload);
  }

  /** The sequence number in a `Last-Event-ID` of this server, or undefined (absent, malformed, another server's). */
  parseEventId(text: string | undefined): number | undefined {
    const match = /^([0-9a-f]+)\.(\d{1,15})$/.exec(text?.trim() ?? '');
    if (!match || match[1] !== this.epoch) return undefined;
    const seq = Number(match[2]);
    return seq <= this.#seq ? seq : undefined;
  }

  /** Follow one run's changes; call the result to stop. Later changes keep coming from `seq` on. */
  subscribeRun(runId: string, subscriber: Subscriber): () => void {
    this.#ring(runId, this.#seq);
    const set = this.#runSubscribers.get(runId) ?? new Set();
    set.add(subscriber);
    this.#runSubscribers.set(runId, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.#runSubscribers.delete(runId);
    };
  }

  /** Follow every run's run-level changes; call the result to stop. */
  subscribeRuns(subscriber: Subscriber): () => void {
    this.#runsSubscribers.add(subscriber);
    return () => this.#runsSubscribers.delete(subscriber);
  }

  /** The run's changes after `seq`, or undefined when some are no longer kept. */
  runEventsSince(runId: string, seq: number): Frame[] | undefined {
    return this.#runRings.get(runId)?.since(seq);
  }

  /** The runs list's changes after `seq`, or undefined when some are no longer kept. */
  runsEventsSince(seq: number): Frame[] | undefined {
    return this.#runsRing.since(seq);
  }

  /** Bytes a client left unread (StreamMeter). */
  pending(bytes: number): void {
    this.#maxPending = Math.max(this.#maxPending, bytes);
  }

  /** A client was disconnected for not reading (StreamMeter). */
  dropped(): void {
    this.#dropped++;
  }

  /** Counters: open streams, dropped clients, the most bytes left unread. */
  stats(): EventHubStats {
    let subscribers = this.#runsSubscribers.size;
    for (const set of this.#runSubscribers.values()) subscribers += set.size;
    return { subscribers, dropped: this.#dropped, maxPendingBytes: this.#maxPending };
  }

  /** End the streams of one run (it was deleted): a client that reconnects gets 404. */
  closeRun(runId: string): void {
    for (const subscriber of [...(this.#runSubscribers.get(runId) ?? [])]) subscriber.close();
    this.#runRings.delete(runId);
  }

  /** End every stream (the server is stopping). */
  close(): void {
    for (const subscriber of [...this.#runsSubscribers]) subscriber.close();
    for (const set of [...this.#runSubscribers.values()])
      for (const subscriber of [...set]) subscriber.close();
  }

  #told(runId: string, state: string): void {
    this.#toldStates.delete(runId);
    this.#toldStates.set(runId, state);
    if (this.#toldStates.size > MAX_TOLD_STATES) {
      const oldest = this.#toldStates.keys().next().value;
      if (oldest !== undefined) this.#toldStates.delete(oldest);
    }
  }

  /** The run's ring, made (covering changes after `coversFrom`) when missing; marked most recent. */
  #ring(runId: string, coversFrom: number): EventRing {
    const ring =
      this.#runRings.get(runId) ?? new EventRing(this.limits.ringEvents, this.limits.ringBytes, coversFrom);
    this.#runRings.delete(runId);
    this.#runRings.set(runId, ring);
    if (this.#runRings.size > this.limits.maxRunRings) {
      const oldest = this.#runRings.keys().next().value;
      if (oldest !== undefined) this.#runRings.delete(oldest);
    }
    return ring;
  }
}
