import { performance } from 'node:perf_hooks';

/**
 * Sizes write batches by time: each batch should take about `targetMs`, so a slow disk, a
 * checkpoint or heavy objects shrink the next batch instead of stalling the event loop.
 */
export class AdaptiveBatch {
  #size: number;
  readonly #min: number;
  readonly #max: number;
  readonly #targetMs: number;

  constructor(options: { initial: number; min?: number; max?: number; targetMs?: number }) {
    this.#size = options.initial;
    this.#min = options.min ?? 10;
    this.#max = options.max ?? options.initial * 8;
    this.#targetMs = options.targetMs ?? 12;
  }

  get size(): number {
    return this.#size;
  }

  /** Runs `work` with the current size and adjusts the size from how long it took. */
  run<T>(work: (size: number) => T): T {
    const started = performance.now();
    const result = work(this.#size);
    const elapsed = Math.max(performance.now() - started, 0.1);
    const scaled = Math.round(this.#size * Math.min(2, this.#targetMs / elapsed));
    this.#size = Math.max(this.#min, Math.min(this.#max, scaled));
    return result;
  }
}
