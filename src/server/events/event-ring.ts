import type { RunState } from '../../metadata/index.js';

/** One encoded event as it goes on the wire, with its sequence number. */
export interface Frame {
  /** Hub-wide sequence number; null for frames that are not changes (snapshot parts, `end`). */
  readonly seq: number | null;
  /** The event name (`run`, `task`, `attempt`, ...). */
  readonly name: string;
  /** The whole message: `id:`, `event:`, `data:` lines and the blank line. */
  readonly text: string;
  readonly bytes: number;
  /** For a `run` event whose run reached a final state: that state (its stream ends after it). */
  readonly finalState?: RunState;
}

/**
 * The most recent frames of one stream, bounded by count and bytes, so a client that reconnects
 * with its last id gets what it missed. `coversFrom`: every frame after that sequence number is here.
 */
export class EventRing {
  readonly #frames: Frame[] = [];
  #bytes = 0;
  #coversFrom: number;

  constructor(
    private readonly maxFrames: number,
    private readonly maxBytes: number,
    coversFrom: number,
  ) {
    this.#coversFrom = coversFrom;
  }

  /** Append a frame (with a seq), forgetting the oldest past the bounds. */
  push(frame: Frame & { readonly seq: number }): void {
    this.#frames.push(frame);
    this.#bytes += frame.bytes;
    while (this.#frames.length > this.maxFrames || this.#bytes > this.maxBytes) {
      const old = this.#frames.shift()!;
      this.#bytes -= old.bytes;
      this.#coversFrom = old.seq!;
    }
  }

  /** Frames after `seq`, in order; undefined when some were already forgotten. */
  since(seq: number): Frame[] | undefined {
    if (seq < this.#coversFrom) return undefined;
    return this.#frames.filter((frame) => frame.seq! > seq);
  }
}
