/** Bounds of the event streams (`/apis/skiff/v1/.../events`); tests may lower them. */
export interface EventLimits {
  /** Largest event message (id, name and data lines), in bytes. */
  readonly maxEventBytes: number;
  /** Longest text field (message, error, name, path) in an event; longer ones are cut with `…`. */
  readonly maxTextChars: number;
  /** Most recent events kept per run for reconnects, and their total size in bytes. */
  readonly ringEvents: number;
  readonly ringBytes: number;
  /** Most runs whose recent events are kept (the least recently changed are forgotten first). */
  readonly maxRunRings: number;
  /** Bytes a client may leave unread before it is disconnected (it reconnects and resumes). */
  readonly maxPendingBytes: number;
  /** Time between heartbeat comments, in ms. */
  readonly heartbeatMs: number;
  /** Time between looks at the store for changes of runs another process executes, in ms. */
  readonly storePollMs: number;
}

/** The limits `skiff server` uses. */
export const DEFAULT_EVENT_LIMITS: EventLimits = Object.freeze({
  maxEventBytes: 64 * 1024,
  maxTextChars: 2048,
  ringEvents: 1000,
  ringBytes: 512 * 1024,
  maxRunRings: 64,
  maxPendingBytes: 1024 * 1024,
  heartbeatMs: 15_000,
  storePollMs: 1000,
});
