import type { HistoryAggregate, HistoryRange, MetricName } from '../../../common/model/operations';
import { retrieveObjects } from '../property-collector';
import type { VimSession } from '../session';
import { arrayItems, booleanAt, numberAt, textAt } from '../soap/xml-node';

/** How a vSphere counter becomes a Skydeck metric: its name and the factor to the model's units. */
export interface CounterMapping {
  metric: MetricName;
  /** group.name, e.g. "cpu.usage"; the rollup ("average", "maximum") is chosen per request. */
  counter: string;
  scale: number;
}

export const counterMappings: readonly CounterMapping[] = [
  { metric: 'cpu.usage', counter: 'cpu.usage', scale: 1 / 10_000 }, // hundredths of a percent → 0..1
  { metric: 'memory.used', counter: 'mem.consumed', scale: 1024 }, // KB → bytes
  { metric: 'disk.read', counter: 'disk.read', scale: 1024 }, // KB/s → bytes/s
  { metric: 'disk.write', counter: 'disk.write', scale: 1024 },
  { metric: 'net.in', counter: 'net.received', scale: 1024 },
  { metric: 'net.out', counter: 'net.transmitted', scale: 1024 },
];

/** The sampling period behind each history range, and how many samples cover it. */
export const rangeIntervals: Record<HistoryRange, { seconds: number; samples: number }> = {
  hour: { seconds: 20, samples: 180 },
  day: { seconds: 300, samples: 288 },
  week: { seconds: 1800, samples: 336 },
  month: { seconds: 7200, samples: 360 },
  year: { seconds: 86400, samples: 365 },
};

export const realtimeSeconds = 20;

/** The server's counter table ("cpu.usage.average" → key) and the historical intervals it keeps. */
export class PerfCatalog {
  readonly #keys: Map<string, number>;
  readonly #intervals: Set<number>;

  constructor(keys: Map<string, number>, intervals: Set<number>) {
    this.#keys = keys;
    this.#intervals = intervals;
  }

  static async load(session: VimSession, signal: AbortSignal): Promise<PerfCatalog | undefined> {
    const perfManager = session.content.perfManager;
    if (!perfManager) return undefined;
    const [content] = await retrieveObjects(
      session,
      [perfManager],
      [{ type: 'PerformanceManager', paths: ['perfCounter', 'historicalInterval'] }],
      signal,
    );
    const keys = new Map<string, number>();
    for (const info of arrayItems(content?.props.get('perfCounter'))) {
      const key = numberAt(info, 'key');
      const name = `${textAt(info, 'groupInfo.key')}.${textAt(info, 'nameInfo.key')}.${textAt(info, 'rollupType')}`;
      if (key !== undefined) keys.set(name, key);
    }
    const intervals = new Set<number>();
    for (const interval of arrayItems(content?.props.get('historicalInterval'))) {
      const period = numberAt(interval, 'samplingPeriod');
      if (period !== undefined && booleanAt(interval, 'enabled') !== false) intervals.add(period);
    }
    return new PerfCatalog(keys, intervals);
  }

  /** The counter key for a mapping; "max" asks for the maximum rollup, falling back to the average. */
  keyFor(mapping: CounterMapping, aggregate: HistoryAggregate): { key: number; rollup: string } | undefined {
    if (aggregate === 'max') {
      const max = this.#keys.get(`${mapping.counter}.maximum`);
      if (max !== undefined) return { key: max, rollup: 'maximum' };
    }
    const average = this.#keys.get(`${mapping.counter}.average`);
    return average === undefined ? undefined : { key: average, rollup: 'average' };
  }

  /** True when the server keeps samples at this period (realtime is always kept for hosts and VMs). */
  keeps(seconds: number): boolean {
    return seconds === realtimeSeconds || this.#intervals.has(seconds);
  }
}
