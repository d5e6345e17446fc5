import { yieldToEventLoop } from '../core/concurrency';

/** Longest stretch of mapping work before the event loop gets a turn. */
const sliceMs = 8;

/** Maps a page of items, yielding to the event loop every few milliseconds so a sync never stalls it. */
export async function mapCooperatively<T, R>(items: readonly T[], map: (item: T) => R, signal?: AbortSignal): Promise<R[]> {
  const results: R[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    results.push(map(item));
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToEventLoop();
      signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
  return results;
}
