import { isAuthError, isCancelled, SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ObjectId } from '../../../common/model/inventory';
import type { MetricPoint, MetricSeries, MetricsRequest, MetricsResult } from '../../../common/model/operations';
import { mapConcurrent, sleep } from '../../core/concurrency';
import type { ProxmoxApi } from '../api/client';
import { readString } from '../api/lenient';
import { apiPaths } from '../api/paths';
import type { GuestLocator } from '../inventory/guest-locator';
import { readTarget, type ProxmoxTarget } from '../inventory/ids';
import type { SyncState } from '../inventory/sync-state';
import { counterMetrics, type CounterName, type CounterRates } from './counter-rates';
import { guestSample, nodeSample, storageSample, type LiveSample } from './live-sample';
import { latestRrdValue, rrdSeries, type RrdSource } from './rrd-series';

export interface MetricsContext {
  api: ProxmoxApi;
  locator: GuestLocator;
  rates: CounterRates;
  state: () => SyncState | undefined;
  /** Pause between two samples when a counter has no earlier reading to compare with. */
  rateWindowMs: number;
  concurrency: number;
  now: () => number;
}

/** Where a target's numbers live: its API base path and which rrd layout it has. */
interface MetricsSource {
  id: ObjectId;
  base: string;
  kind: RrdSource;
}

async function resolveSource(context: MetricsContext, id: ObjectId, target: ProxmoxTarget, signal: AbortSignal): Promise<MetricsSource> {
  if (target.kind === 'guest') {
    const { ref } = await context.locator.locate(target.vmid, signal);
    return { id, base: apiPaths.guest(ref.node, ref.type, ref.vmid), kind: 'guest' };
  }
  if (target.kind === 'node') return { id, base: apiPaths.node(target.node), kind: 'node' };
  if (target.kind === 'storage') {
    const node = target.node ?? sharedStorageNode(context.state(), target.storage);
    if (!node) throw new SkydeckFailure('not-found', `No node reports storage ${target.storage}; sync first.`);
    return { id, base: apiPaths.storage(node, target.storage), kind: 'storage' };
  }
  throw new SkydeckFailure('unsupported', 'Proxmox VE keeps no metrics for snapshots.');
}

/** Any node that sees a shared storage can report it. */
function sharedStorageNode(state: SyncState | undefined, storage: string): string | undefined {
  for (const [id, row] of state?.rows ?? []) {
    if (id.startsWith('storage/') && readString(row.storage) === storage) return readString(row.node);
  }
  return undefined;
}

const describe = (id: ObjectId, error: unknown): string => `${id}: ${error instanceof Error ? error.message : String(error)}`;

/** Cancellation and a refused login concern every target: those fail the whole call. */
function rethrowIfShared(error: unknown, signal: AbortSignal): void {
  if (signal.aborted || isCancelled(error) || isAuthError(error)) throw error;
}

/**
 * Live samples (status/current, node and storage status; rates from the byte counters
 * between two samples) or history (rrddata, AVERAGE or MAX). A target that cannot be
 * measured is named in `unavailable`, with the reason, and does not fail the others.
 */
export async function collectMetrics(context: MetricsContext, request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
  const series: MetricSeries[] = [];
  const unavailable: string[] = [];
  const sources: MetricsSource[] = [];
  await mapConcurrent(
    request.targets,
    context.concurrency,
    async (id) => {
      const target = readTarget(id);
      if (!target) return void unavailable.push(`${id}: not a Proxmox object of this connection.`);
      try {
        sources.push(await resolveSource(context, id, target, signal));
      } catch (error) {
        rethrowIfShared(error, signal);
        unavailable.push(describe(id, error));
      }
    },
    signal,
  );
  const measure = async (source: MetricsSource, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      rethrowIfShared(error, signal);
      unavailable.push(describe(source.id, error));
    }
  };
  if (request.history) {
    const params = { timeframe: request.history.range, cf: request.history.aggregate === 'max' ? 'MAX' : 'AVERAGE' };
    await mapConcurrent(
      sources,
      context.concurrency,
      (source) =>
        measure(source, async () => {
          series.push(...rrdSeries(source.id, source.kind, await context.api.get(`${source.base}/rrddata`, params, signal)));
        }),
      signal,
    );
    return { series, unavailable };
  }
  const needsSecondSample: MetricsSource[] = [];
  await mapConcurrent(
    sources,
    context.concurrency,
    (source) =>
      measure(source, async () => {
        const complete = await liveSample(context, source, series, signal);
        if (!complete) needsSecondSample.push(source);
      }),
    signal,
  );
  if (needsSecondSample.length > 0) {
    await sleep(context.rateWindowMs, signal);
    await mapConcurrent(
      needsSecondSample,
      context.concurrency,
      (source) =>
        measure(source, async () => {
          await liveSample(context, source, series, signal, true);
        }),
      signal,
    );
  }
  return { series: mergeSeries(series), unavailable };
}

/** Takes one sample; false when some counter had no earlier reading (so no rate yet). */
async function liveSample(
  context: MetricsContext,
  source: MetricsSource,
  into: MetricSeries[],
  signal: AbortSignal,
  ratesOnly = false,
): Promise<boolean> {
  const { api } = context;
  let sample: LiveSample;
  if (source.kind === 'guest') sample = guestSample(await api.get(`${source.base}/status/current`, undefined, signal));
  else if (source.kind === 'node') sample = nodeSample(await api.get(`${source.base}/status`, undefined, signal));
  else sample = storageSample(await api.get(`${source.base}/status`, undefined, signal));
  const at = context.now();
  const point = (v: number): MetricPoint[] => [{ t: at, v }];
  if (!ratesOnly) {
    for (const [metric, value] of Object.entries(sample.gauges))
      into.push({ target: source.id, metric: metric as MetricSeries['metric'], points: point(value) });
    if (source.kind === 'node') into.push(...(await nodeNetwork(api, source, signal)));
  }
  let complete = true;
  for (const [counter, value] of Object.entries(sample.counters) as [CounterName, number][]) {
    const rate = context.rates.record(source.id, counter, value, at);
    if (rate === undefined) complete = false;
    else into.push({ target: source.id, metric: counterMetrics[counter], points: point(rate) });
  }
  return complete;
}

/** A node's network rates: the newest minute of its rrd (PVE reports no node byte counters). */
async function nodeNetwork(api: ProxmoxApi, source: MetricsSource, signal: AbortSignal): Promise<MetricSeries[]> {
  const data = await api.get(`${source.base}/rrddata`, { timeframe: 'hour', cf: 'AVERAGE' }, signal);
  const result: MetricSeries[] = [];
  for (const [key, metric] of [
    ['netin', 'net.in'],
    ['netout', 'net.out'],
  ] as const) {
    const latest = latestRrdValue(data, key);
    if (latest) result.push({ target: source.id, metric, points: [latest] });
  }
  return result;
}

/** One series per target and metric. */
function mergeSeries(series: MetricSeries[]): MetricSeries[] {
  const merged = new Map<string, MetricSeries>();
  for (const entry of series) {
    const key = `${entry.target}\0${entry.metric}`;
    const existing = merged.get(key);
    if (existing) existing.points.push(...entry.points);
    else merged.set(key, { ...entry, points: [...entry.points] });
  }
  return [...merged.values()];
}
