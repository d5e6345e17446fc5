import { parseObjectId, type ObjectId } from '../../../common/model/inventory';
import type { HistoryAggregate, MetricSeries, MetricsRequest, MetricsResult } from '../../../common/model/operations';
import { mapConcurrent } from '../../core/concurrency';
import { retrieveObjects } from '../property-collector';
import type { VimSession } from '../session';
import { element, leaf, ref } from '../soap/envelope';
import { moRefKey, type MoRef } from '../soap/xml-node';
import { quickStatsSets, seriesFromPerf, seriesFromQuickStats, type RequestedCounter } from './map-perf';
import { counterMappings, PerfCatalog, rangeIntervals, realtimeSeconds } from './perf-catalog';

const entityTypes: Record<string, string> = { vm: 'VirtualMachine', template: 'VirtualMachine', host: 'HostSystem' };

interface Query {
  intervalSeconds: number;
  samples: number;
  startTime?: Date;
  aggregate: HistoryAggregate;
}

/**
 * Samples from the PerformanceManager (QueryPerf, in batches of entities). The live view
 * takes the latest realtime sample and fills what it lacks (memory size, or a host
 * without realtime statistics) from quickStats. What the server cannot give is listed in
 * `unavailable` in plain words.
 */
export class VsphereMetrics {
  readonly #session: VimSession;
  readonly #connectionId: string;
  #catalog: Promise<PerfCatalog | undefined> | undefined;

  constructor(session: VimSession, connectionId: string) {
    this.#session = session;
    this.#connectionId = connectionId;
  }

  async collect(request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    const unavailable: string[] = [];
    const targets = new Map<string, ObjectId>();
    for (const target of request.targets) {
      const parsed = parseObjectId(target);
      const type = parsed && parsed.connectionId === this.#connectionId ? entityTypes[parsed.kind] : undefined;
      if (!parsed || !type) {
        unavailable.push(`${target}: vSphere keeps performance samples for VMs and hosts only.`);
        continue;
      }
      targets.set(moRefKey({ type, value: parsed.nativeId }), target);
    }
    if (targets.size === 0) return { series: [], unavailable };
    const refs = [...targets.keys()].map(refFromKey);
    const catalog = await this.#loadCatalog(signal);
    if (!catalog) return { series: [], unavailable: [...unavailable, `${this.#session.host} has no performance manager.`] };

    if (!request.history) {
      const now = Date.now();
      const quick = (await retrieveObjects(this.#session, refs, quickStatsSets, signal)).flatMap((content) =>
        seriesFromQuickStats(content, targets.get(moRefKey(content.ref)) as string, now),
      );
      const perf = await this.#queryPerf(
        catalog,
        refs,
        targets,
        { intervalSeconds: realtimeSeconds, samples: 1, aggregate: 'average' },
        unavailable,
        signal,
      );
      const sampled = new Set(perf.map((s) => `${s.target} ${s.metric}`));
      return { series: [...perf, ...quick.filter((s) => !sampled.has(`${s.target} ${s.metric}`))], unavailable };
    }

    const { range, aggregate } = request.history;
    const interval = rangeIntervals[range];
    if (!catalog.keeps(interval.seconds)) {
      unavailable.push(
        `${range} history: ${this.#session.host} keeps no statistics at a ${interval.seconds} s interval (see vCenter's statistics settings).`,
      );
      return { series: [], unavailable };
    }
    const startTime = new Date(Date.now() - interval.seconds * interval.samples * 1000);
    const series = await this.#queryPerf(
      catalog,
      refs,
      targets,
      { intervalSeconds: interval.seconds, samples: interval.samples, startTime, aggregate },
      unavailable,
      signal,
    );
    return { series, unavailable };
  }

  async #queryPerf(
    catalog: PerfCatalog,
    refs: readonly MoRef[],
    targets: ReadonlyMap<string, ObjectId>,
    query: Query,
    unavailable: string[],
    signal: AbortSignal,
  ): Promise<MetricSeries[]> {
    const counters = new Map<number, RequestedCounter>();
    for (const mapping of counterMappings) {
      const found = catalog.keyFor(mapping, query.aggregate);
      if (found) counters.set(found.key, { metric: mapping.metric, scale: mapping.scale });
      else unavailable.push(`${mapping.metric}: ${this.#session.host} has no counter ${mapping.counter}.`);
    }
    if (counters.size === 0) return [];
    // Historical queries are capped at 64 entity×metric pairs on a default vCenter.
    const batchSize = query.intervalSeconds === realtimeSeconds ? 50 : 10;
    const batches: MoRef[][] = [];
    for (let i = 0; i < refs.length; i += batchSize) batches.push(refs.slice(i, i + batchSize));
    const perfManager = this.#session.content.perfManager as MoRef;
    const results = await mapConcurrent(
      batches,
      3,
      async (batch) => {
        const answer = await this.#session.call(
          {
            method: 'QueryPerf',
            target: perfManager,
            args: batch.map((entity) => querySpec(entity, [...counters.keys()], query)).join(''),
          },
          signal,
        );
        return seriesFromPerf(answer, counters, (key) => targets.get(key));
      },
      signal,
    );
    return results.flat();
  }

  #loadCatalog(signal: AbortSignal): Promise<PerfCatalog | undefined> {
    this.#catalog ??= PerfCatalog.load(this.#session, signal);
    this.#catalog.catch(() => (this.#catalog = undefined));
    return this.#catalog;
  }
}

function querySpec(entity: MoRef, counterKeys: readonly number[], query: Query): string {
  const metricIds = counterKeys.map((key) => element('metricId', leaf('counterId', key) + leaf('instance', ''))).join('');
  return element(
    'querySpec',
    ref('entity', entity) +
      leaf('startTime', query.startTime?.toISOString()) +
      leaf('maxSample', query.samples) +
      metricIds +
      leaf('intervalId', query.intervalSeconds),
  );
}

function refFromKey(key: string): MoRef {
  const colon = key.indexOf(':');
  return { type: key.slice(0, colon), value: key.slice(colon + 1) };
}
