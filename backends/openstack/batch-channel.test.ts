import { describe, expect, it } from 'vitest';
import { BatchChannel } from './batch-channel';

describe('BatchChannel', () => {
  it('delivers everything from several producers in batches no larger than asked', async () => {
    const channel = new BatchChannel<number>(5, 2);
    const producers = Promise.all(
      [0, 100, 200].map(async (base) => {
        for (let page = 0; page < 4; page += 1) await channel.push(Array.from({ length: 3 }, (_, i) => base + page * 3 + i));
      }),
    ).then(() => channel.close());
    const batches: number[][] = [];
    for await (const batch of channel) batches.push(batch);
    await producers;
    expect(batches.every((batch) => batch.length <= 5)).toBe(true);
    expect(batches.flat().sort((a, b) => a - b)).toHaveLength(36);
  });

  it('holds producers back while the reader is behind', async () => {
    const channel = new BatchChannel<number>(2, 1);
    let pushed = 0;
    const producer = (async () => {
      for (let i = 0; i < 10; i += 1) {
        await channel.push([i]);
        pushed += 1;
      }
      channel.close();
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pushed).toBeLessThan(10);
    const seen: number[] = [];
    for await (const batch of channel) seen.push(...batch);
    await producer;
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('ends the stream with the producer’s error', async () => {
    const channel = new BatchChannel<number>(10);
    await channel.push([1]);
    channel.fail(new Error('Nova failed'));
    await expect(async () => {
      for await (const batch of channel) void batch;
    }).rejects.toThrow('Nova failed');
  });
});
