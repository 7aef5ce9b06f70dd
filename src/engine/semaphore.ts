/** A counting semaphore: at most `limit` holders at once, FIFO. */
export class Semaphore {
  #available: number;
  readonly #waiters: Array<() => void> = [];

  constructor(limit: number) {
    this.#available = Math.max(1, limit);
  }

  /** Wait for a slot; returns the function that releases it. */
  async acquire(): Promise<() => void> {
    if (this.#available > 0) {
      this.#available--;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return this.#releaser();
  }

  /** A slot now, when one is free (the function that releases it); undefined, without waiting, when none is. */
  tryAcquire(): (() => void) | undefined {
    if (this.#available === 0) return undefined;
    this.#available--;
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#available++;
    };
  }

  /** Run `fn` holding a slot. */
  async with<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
