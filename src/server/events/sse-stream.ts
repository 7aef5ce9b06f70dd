import type { ServerResponse } from 'node:http';
import type { Logger } from '../../engine/index.js';

/** What a stream reports to its hub: how much a client left unread, and that it was dropped. */
export interface StreamMeter {
  pending(bytes: number): void;
  dropped(): void;
}

/** Options of one stream. */
export interface SseStreamOptions {
  readonly maxPendingBytes: number;
  readonly heartbeatMs: number;
  readonly log: Logger;
  readonly meter: StreamMeter;
  /** Named in the log when the client is dropped. */
  readonly what: string;
}

/**
 * One server-sent-events response. Back-pressure: messages the client has not read yet stay in
 * Node's socket buffer (or, while `hold()`, in this stream's queue); when they would pass
 * `maxPendingBytes` the client is disconnected, never buffered without bound. A reconnect with
 * `Last-Event-ID` resumes where it stopped (or starts from a fresh snapshot).
 */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #options: SseStreamOptions;
  readonly #timer: NodeJS.Timeout;
  readonly #onClose: (() => void)[] = [];
  #held: string[] | undefined;
  #heldBytes = 0;
  #endOnRelease = false;
  #closed = false;

  constructor(res: ServerResponse, options: SseStreamOptions) {
    this.#res = res;
    this.#options = options;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.on('close', () => this.#close());
    // Clients wait 2 s before reconnecting (EventSource's own default varies by browser).
    res.write('retry: 2000\n\n');
    this.#timer = setInterval(() => this.send(': heartbeat\n\n'), options.heartbeatMs);
    this.#timer.unref();
  }

  /** False once the client left, was dropped, or the stream ended. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Run `listener` when the stream closes, whatever the reason. */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose.push(listener);
  }

  /** Queue what `send` is given until `release` (a snapshot is being written first). */
  hold(): void {
    this.#held ??= [];
  }

  /** Send what was held, then send directly again. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    this.#heldBytes = 0;
    for (const text of held) this.send(text);
    if (this.#endOnRelease) this.end();
  }

  /** Send one message, or drop the client when it has left too much unread. */
  send(text: string): void {
    if (this.#closed) return;
    const bytes = Buffer.byteLength(text);
    if (this.#held !== undefined) {
      this.#heldBytes += bytes;
      if (this.#tooMuch(this.#heldBytes)) return;
      this.#held.push(text);
      return;
    }
    if (this.#tooMuch(this.#res.writableLength + bytes)) return;
    this.#res.write(text);
    this.#options.meter.pending(this.#res.writableLength);
  }

  /** Send one message and wait until the socket takes it (for large snapshots, written part by part). */
  async sendAndDrain(text: string): Promise<void> {
    if (this.#closed) return;
    if (this.#res.write(text)) return;
    this.#options.meter.pending(this.#res.writableLength);
    await new Promise<void>((resolve) => {
      const done = () => {
        this.#res.off('drain', done);
        this.#res.off('close', done);
        resolve();
      };
      this.#res.on('drain', done);
      this.#res.on('close', done);
    });
  }

  /** End the response after what was sent (while held: after what is held, on release). */
  end(): void {
    if (this.#closed) return;
    if (this.#held !== undefined) {
      this.#endOnRelease = true;
      return;
    }
    this.#res.end();
    this.#close();
  }

  #tooMuch(pendingBytes: number): boolean {
    if (pendingBytes <= this.#options.maxPendingBytes) return false;
    this.#options.log.warn(
      { stream: this.#options.what, pendingBytes, maxPendingBytes: this.#options.maxPendingBytes },
      'event stream client is not reading; disconnected (it resumes with Last-Event-ID)',
    );
    this.#options.meter.dropped();
    this.#held = undefined;
    this.#res.destroy();
    this.#close();
    return true;
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const listener of this.#onClose.splice(0)) listener();
  }
}
