import { describe, expect, it } from 'vitest';
import { LoadModel } from './load-model';

describe('LoadModel', () => {
  const t = 1_700_000_000;

  it('is the same for a seed and time, and differs between guests', () => {
    expect(new LoadModel(3).cpu(101, t)).toBe(new LoadModel(3).cpu(101, t));
    expect(new LoadModel(3).cpu(101, t)).not.toBe(new LoadModel(3).cpu(102, t));
  });

  it('keeps CPU a fraction and follows a daily wave', () => {
    const model = new LoadModel(9);
    const day = Array.from({ length: 48 }, (_, half) => model.cpu(7, t + half * 1800));
    for (const value of day) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...day) - Math.min(...day)).toBeGreaterThan(0.02);
  });

  it('makes byte counters the integral of their rate, so two samples give the rate back', () => {
    const model = new LoadModel(9);
    const since = t - 86_400;
    for (const offset of [0, 3_600, 43_200]) {
      const at = t + offset;
      const measured = (model.counter(7, 'netin', since, at + 10) - model.counter(7, 'netin', since, at)) / 10;
      expect(measured).toBeCloseTo(model.rate(7, 'netin', at + 5), -1);
      expect(model.counter(7, 'netin', since, at + 10)).toBeGreaterThan(model.counter(7, 'netin', since, at));
    }
  });
});
