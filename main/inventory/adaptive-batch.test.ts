import { describe, expect, it } from 'vitest';
import { AdaptiveBatch } from './adaptive-batch';

/** Work that takes `msPerItem` per item, by busy-waiting on the clock. */
const busyFor = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('AdaptiveBatch', () => {
  it('shrinks batches that take longer than the target, and never below the minimum', () => {
    const batch = new AdaptiveBatch({ initial: 100, min: 5, targetMs: 4 });
    batch.run((size) => busyFor(size * 0.2));
    expect(batch.size).toBeLessThan(40);
    for (let i = 0; i < 5; i += 1) batch.run(() => busyFor(30));
    expect(batch.size).toBe(5);
  });

  it('grows batches that finish early, at most doubling and never above the maximum', () => {
    const batch = new AdaptiveBatch({ initial: 10, max: 30, targetMs: 50 });
    expect(batch.run((size) => size)).toBe(10);
    expect(batch.size).toBe(20);
    batch.run(() => undefined);
    expect(batch.size).toBe(30);
  });
});
