import type { EngineEvent } from '../engine/index.js';
import type { TaskState } from '../metadata/records.js';
import { clockTime, formatDuration } from './format.js';
import { storageLines } from './storage-report.js';

/** Where progress goes: a stream and whether it is a terminal. */
export interface ProgressOutput {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns?: number;
}

interface TaskLine {
  path: string;
  state: TaskState;
  attempt: number | undefined;
  maxAttempts: number | undefined;
  startedAtMs: number | null | undefined;
  finishedAtMs: number | null | undefined;
}

const ACTIVE_LIMIT = 12;

/**
 * Live progress of a run: plain lines when piped (one per transition), a compact redraw on a
 * terminal (counts per state, running tasks with attempt n/N and duration), at most every 100 ms.
 */
export class ProgressDisplay {
  readonly #out: ProgressOutput;
  readonly #tasks = new Map<string, TaskLine>();
  #drawnLines = 0;
  #timer: NodeJS.Timeout | undefined;
  #dirty = false;

  constructor(out: ProgressOutput) {
    this.#out = out;
  }

  /** Feed one engine event. */
  onEvent(event: EngineEvent): void {
    if (event.type === 'run') {
      if (event.storage?.provider) this.#out.write(`${storageLines(event.storage).join('\n')}\n`);
      if (!this.#out.isTTY) this.#out.write(`${clockTime(Date.now())} run ${event.state}\n`);
      return;
    }
    if (event.type === 'attempt') return; // the task events carry what the display shows
    if (event.kind === 'iteration' || event.kind === 'loop' || event.kind === 'dag') {
      if (!this.#out.isTTY && event.state !== 'RUNNING') this.#plain(event);
      return;
    }
    const line = this.#tasks.get(event.path) ?? {
      path: event.path,
      state: event.state,
      attempt: undefined,
      maxAttempts: undefined,
      startedAtMs: undefined,
      finishedAtMs: undefined,
    };
    line.state = event.state;
    if (event.attempt !== undefined) line.attempt = event.attempt;
    if (event.maxAttempts !== undefined) line.maxAttempts = event.maxAttempts;
    if (event.startedAtMs) line.startedAtMs = event.startedAtMs;
    if (event.finishedAtMs) line.finishedAtMs = event.finishedAtMs;
    this.#tasks.set(event.path, line);
    if (this.#out.isTTY) this.#schedule();
    else this.#plain(event);
  }

  /** Final redraw and stop the timer. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#out.isTTY) this.#draw();
  }

  #plain(event: EngineEvent & { type: 'task' }): void {
    if (event.state === 'RUNNING' && (event.kind === 'container' || event.kind === 'importer')) {
      if (event.attempt === undefined) return;
      const of = event.maxAttempts && event.maxAttempts > 1 ? `/${event.maxAttempts}` : '';
      const what = event.message
        ? `attempt ${event.attempt}${of} failed: ${event.message.split('\n')[0]}`
        : `RUNNING${of ? ` attempt ${event.attempt}${of}` : ''}`;
      this.#out.write(`${clockTime(Date.now())} ${event.path} ${what}\n`);
      return;
    }
    const attempt =
      event.attempt && event.maxAttempts && event.maxAttempts > 1
        ? ` attempt ${event.attempt}/${event.maxAttempts}`
        : '';
    const took =
      event.finishedAtMs && event.startedAtMs
        ? ` (${formatDuration(event.finishedAtMs - event.startedAtMs)})`
        : '';
    const message = event.message && event.state !== 'SUCCEEDED' ? ` ${event.message.split('\n')[0]}` : '';
    this.#out.write(`${clockTime(Date.now())} ${event.path} ${event.state}${attempt}${took}${message}\n`);
  }

  #schedule(): void {
    this.#dirty = true;
    this.#timer ??= setInterval(() => {
      if (this.#dirty) this.#draw();
    }, 100);
    this.#timer.unref();
  }

  #draw(): void {
    this.#dirty = false;
    const now = Date.now();
    const counts = new Map<TaskState, number>();
    const active: TaskLine[] = [];
    for (const line of this.#tasks.values()) {
      counts.set(line.state, (counts.get(line.state) ?? 0) + 1);
      if (line.state === 'RUNNING') active.push(line);
    }
    const width = Math.max(40, (this.#out.columns ?? 100) - 1);
    const summary = [...counts].map(([state, n]) => `${state.toLowerCase()} ${n}`).join(' · ');
    const lines = [`tasks: ${summary}`];
    for (const line of active.slice(0, ACTIVE_LIMIT)) {
      const attempt =
        line.maxAttempts && line.maxAttempts > 1 ? ` attempt ${line.attempt ?? 1}/${line.maxAttempts}` : '';
      const took = line.startedAtMs ? formatDuration(now - line.startedAtMs) : '';
      lines.push(`  ▸ ${line.path}${attempt} ${took}`.slice(0, width));
    }
    if (active.length > ACTIVE_LIMIT) lines.push(`  … ${active.length - ACTIVE_LIMIT} more running`);
    const clear = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}F\x1b[J` : '';
    this.#out.write(`${clear}${lines.join('\n')}\n`);
    this.#drawnLines = lines.length;
  }
}
