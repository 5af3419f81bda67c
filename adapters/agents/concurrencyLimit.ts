/** Thrown when more work is waiting than the queue takes: the caller answers "busy" instead of queueing forever. */
export class QueueFullError extends Error {
  constructor() {
    super('ConcurrencyLimit: queue is full');
  }
}

/**
 * Runs at most `concurrency` tasks at once; up to `maxQueued` more wait in order, beyond that `run` rejects with
 * {@link QueueFullError}. For CPU-heavy work on libuv's thread pool (scrypt), which file I/O needs as well.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
