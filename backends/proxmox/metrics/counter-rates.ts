import type { MetricName } from '../../../common/model/operations';

/** Byte counters PVE reports since a guest started, and the rate metric each becomes. */
export const counterMetrics = {
  netin: 'net.in',
  netout: 'net.out',
  diskread: 'disk.read',
  diskwrite: 'disk.write',
} as const satisfies Record<string, MetricName>;
export type CounterName = keyof typeof counterMetrics;

interface Reading {
  value: number;
  /** Unix milliseconds. */
  at: number;
}

/**
 * Per-second rates from cumulative counters: the difference between two samples over
 * the time between them. A counter that went down (the guest restarted) starts over.
 */
export class CounterRates {
  readonly #last = new Map<string, Reading>();

  /** Records a reading; answers the rate since the previous one, if there is a usable one. */
  record(target: string, counter: CounterName, value: number, at: number): number | undefined {
    const key = `${target}\0${counter}`;
    const previous = this.#last.get(key);
    this.#last.set(key, { value, at });
    if (!previous || at <= previous.at || value < previous.value) return undefined;
    return ((value - previous.value) * 1000) / (at - previous.at);
  }
}
