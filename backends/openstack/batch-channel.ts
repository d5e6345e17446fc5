/**
 * Many producers, one consumer: producers push items, the consumer reads them in batches of
 * at most `batchSize`. Producers wait when `capacity` batches are queued, so a fast cloud
 * cannot fill memory faster than the store writes. A failure ends the stream with that error.
 */
export class BatchChannel<T> implements AsyncIterable<T[]> {
  readonly #batchSize: number;
  readonly #capacity: number;
  #pending: T[] = [];
  readonly #queue: T[][] = [];
  #closed = false;
  #error: unknown;
  #wakeConsumer: (() => void) | undefined;
  readonly #wakeProducers: Array<() => void> = [];

  constructor(batchSize = 500, capacity = 4) {
    this.#batchSize = batchSize;
    this.#capacity = capacity;
  }

  async push(items: readonly T[]): Promise<void> {
    for (const item of items) {
      if (this.#closed) return;
      this.#pending.push(item);
      if (this.#pending.length >= this.#batchSize) {
        this.#enqueue();
        while (this.#queue.length >= this.#capacity && !this.#closed) {
          await new Promise<void>((resolve) => this.#wakeProducers.push(resolve));
        }
      }
    }
  }

  /** No more items: what is pending goes out as a last batch. */
  close(): void {
    if (this.#closed) return;
    if (this.#pending.length) this.#enqueue();
    this.#closed = true;
    this.#wake();
  }

  fail(error: unknown): void {
    if (this.#closed) return;
    this.#error = error;
    this.#closed = true;
    this.#queue.length = 0;
    this.#wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T[]> {
    for (;;) {
      if (this.#error !== undefined) throw this.#error;
      const batch = this.#queue.shift();
      if (batch) {
        this.#wakeProducers.shift()?.();
        yield batch;
        continue;
      }
      if (this.#closed) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
  }

  #enqueue(): void {
    this.#queue.push(this.#pending);
    this.#pending = [];
    this.#wakeConsumer?.();
    this.#wakeConsumer = undefined;
  }

  #wake(): void {
    this.#wakeConsumer?.();
    this.#wakeConsumer = undefined;
    for (const wake of this.#wakeProducers.splice(0)) wake();
  }
}
