import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { parseObjectId, type ObjectId } from '../../common/model/inventory';
import type { HistoryRange, MetricName, MetricSeries, MetricsRequest, MetricsResult } from '../../common/model/operations';
import { mapConcurrent } from '../core/concurrency';
import { list, num, record, text, type NativeBody } from './mapping/context';
import { atLeast } from './microversions';
import type { OpenstackSession } from './session';

const mib = 1024 ** 2;
const gib = 1024 ** 3;
const rangeMs: Record<HistoryRange, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

interface Counters {
  t: number;
  read: number;
  write: number;
  rx: number;
  tx: number;
}

const sum = (items: NativeBody[], key: string): number => items.reduce((total, item) => total + (num(item[key]) ?? 0), 0);

/**
 * Metrics from what OpenStack offers without an agent in the guest: server diagnostics
 * (admin), Placement allocations per hypervisor, volume sizes, and Gnocchi's measures when
 * the cloud runs telemetry. Rates (disk, network) come from two diagnostics samples, so
 * the first call for a server has none. Whatever a cloud cannot give is said in `unavailable`.
 */
export class MetricsReader {
  readonly #session: OpenstackSession;
  readonly #previous = new Map<ObjectId, Counters>();

  constructor(session: OpenstackSession) {
    this.#session = session;
  }

  async read(request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    const series: MetricSeries[] = [];
    const unavailable = new Set<string>();
    await mapConcurrent(
      request.targets,
      this.#session.tuning.concurrency,
      async (target) => {
        const parsed = parseObjectId(target);
        const outcome =
          parsed?.kind === 'vm'
            ? await this.#server(target, parsed.nativeId, request, signal)
            : parsed?.kind === 'host'
              ? await this.#hypervisor(target, parsed.nativeId, request, signal)
              : parsed?.kind === 'storage'
                ? await this.#volume(target, parsed.nativeId, request, signal)
                : { series: [], unavailable: [`${target}: OpenStack has no metrics for ${parsed?.kind ?? 'this kind of'} objects.`] };
        series.push(...outcome.series);
        for (const reason of outcome.unavailable) unavailable.add(reason);
      },
      signal,
    );
    return { series, unavailable: [...unavailable] };
  }

  async #server(target: ObjectId, serverId: string, request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    if (this.#session.has('metric')) return this.#gnocchi(target, serverId, request, signal);
    if (request.history) {
      return {
        series: [],
        unavailable: [
          "Server history needs Gnocchi (OpenStack telemetry), which this cloud's catalog does not list; only live samples are available.",
        ],
      };
    }
    const answer = await this.#session
      .call<NativeBody>('compute', { path: `/servers/${serverId}/diagnostics`, signal })
      .catch((error: unknown) => {
        if (error instanceof SkydeckFailure && (error.code === 'forbidden' || error.code === 'conflict' || error.code === 'not-found'))
          return error;
        throw error;
      });
    if (answer instanceof SkydeckFailure) {
      const reason =
        answer.code === 'forbidden'
          ? 'Server metrics come from Nova diagnostics, which need the admin role.'
          : `${target}: no diagnostics (${answer.message}).`;
      return { series: [], unavailable: [reason] };
    }
    return this.#fromDiagnostics(target, answer.body ?? {});
  }

  #fromDiagnostics(target: ObjectId, diagnostics: NativeBody): MetricsResult {
    const t = Date.now();
    const series: MetricSeries[] = [];
    const unavailable: string[] = [];
    const point = (metric: MetricName, value: number | undefined): void => {
      if (value !== undefined && Number.isFinite(value)) series.push({ target, metric, points: [{ t, v: value }] });
    };
    if (!atLeast(this.#session.microversion('compute'), 2, 48) || !('cpu_details' in diagnostics)) {
      // Before 2.48 each driver returned its own flat keys; only memory is common enough to read.
      point('memory.total', num(diagnostics.memory) !== undefined ? (diagnostics.memory as number) * 1024 : undefined);
      unavailable.push('This Nova is older than API 2.48: its diagnostics are driver-specific, so only memory size is shown.');
      return { series, unavailable };
    }
    const cpus = list(diagnostics.cpu_details).map(record);
    const utilisation = cpus.map((cpu) => num(cpu.utilisation)).filter((value): value is number => value !== undefined);
    if (utilisation.length) point('cpu.usage', utilisation.reduce((a, b) => a + b, 0) / utilisation.length / 100);
    else unavailable.push('The hypervisor driver does not report CPU utilisation in Nova diagnostics.');
    const memory = record(diagnostics.memory_details);
    point('memory.total', num(memory.maximum) !== undefined ? (memory.maximum as number) * mib : undefined);
    point('memory.used', num(memory.used) !== undefined ? (memory.used as number) * mib : undefined);
    const disks = list(diagnostics.disk_details).map(record);
    const nics = list(diagnostics.nic_details).map(record);
    const now: Counters = {
      t,
      read: sum(disks, 'read_bytes'),
      write: sum(disks, 'write_bytes'),
      rx: sum(nics, 'rx_octets'),
      tx: sum(nics, 'tx_octets'),
    };
    const before = this.#previous.get(target);
    this.#previous.set(target, now);
    if (before && now.t > before.t) {
      const seconds = (now.t - before.t) / 1000;
      const rate = (a: number, b: number): number => Math.max(0, (a - b) / seconds);
      point('disk.read', rate(now.read, before.read));
      point('disk.write', rate(now.write, before.write));
      point('net.in', rate(now.rx, before.rx));
      point('net.out', rate(now.tx, before.tx));
    } else {
      unavailable.push('Disk and network rates need two samples: they appear from the next refresh.');
    }
    return { series, unavailable };
  }

  async #hypervisor(target: ObjectId, hypervisorId: string, request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    const unavailable = ['Hypervisor CPU load: Nova and Placement only count the vCPUs servers reserved, not how busy the host is.'];
    if (request.history) unavailable.push('Hypervisor history needs Gnocchi with host metrics; OpenStack keeps no history of its own.');
    if (!this.#session.has('placement'))
      return { series: [], unavailable: [...unavailable, "This cloud's catalog has no Placement service for hypervisor usage."] };
    const read = async (what: 'inventories' | 'usages'): Promise<NativeBody | SkydeckFailure> =>
      this.#session.call<NativeBody>('placement', { path: `/resource_providers/${hypervisorId}/${what}`, signal }).then(
        (answer) => record(answer.body?.[what]),
        (error: unknown) => {
          if (error instanceof SkydeckFailure && (error.code === 'forbidden' || error.code === 'not-found')) return error;
          throw error;
        },
      );
    const [inventories, usages] = await Promise.all([read('inventories'), read('usages')]);
    if (inventories instanceof SkydeckFailure || usages instanceof SkydeckFailure) {
      const failure = (inventories instanceof SkydeckFailure ? inventories : usages) as SkydeckFailure;
      return {
        series: [],
        unavailable: [
          ...unavailable,
          failure.code === 'forbidden'
            ? 'Hypervisor usage comes from Placement, which needs the admin role.'
            : `${target}: ${failure.message}`,
        ],
      };
    }
    const t = Date.now();
    const total = (resource: string): number | undefined => num(record(inventories[resource]).total);
    const series: MetricSeries[] = [];
    const add = (metric: MetricName, value: number | undefined, unit: number): void => {
      if (value !== undefined) series.push({ target, metric, points: [{ t, v: value * unit }] });
    };
    add('memory.used', num(usages.MEMORY_MB), mib);
    add('memory.total', total('MEMORY_MB'), mib);
    add('disk.used', num(usages.DISK_GB), gib);
    add('disk.total', total('DISK_GB'), gib);
    unavailable.push('Hypervisor memory and disk "used" are Placement allocations (what servers reserved), not measured use.');
    return { series, unavailable };
  }

  async #volume(target: ObjectId, volumeId: string, request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    const answer = await this.#session.call<{ volume?: NativeBody }>('block-storage', { path: `/volumes/${volumeId}`, signal });
    const size = num(answer.body?.volume?.size);
    const unavailable = ['Cinder does not know how full a volume is (disk.used needs an agent in the guest).'];
    if (request.history) unavailable.push('Volume history is not kept by OpenStack.');
    return {
      series: size === undefined ? [] : [{ target, metric: 'disk.total', points: [{ t: Date.now(), v: size * gib }] }],
      unavailable,
    };
  }

  /** Gnocchi: the instance resource's cpu (cumulative ns) and memory.usage (MiB) measures. */
  async #gnocchi(target: ObjectId, serverId: string, request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    const resource = await this.#session.call<NativeBody>('metric', { path: `/resource/instance/${serverId}`, accept: [404], signal });
    if (resource.status === 404)
      return { series: [], unavailable: [`${target}: Gnocchi has no measures for this server (is Ceilometer polling it?).`] };
    const metrics = record(resource.body?.metrics);
    const since = new Date(Date.now() - (request.history ? rangeMs[request.history.range] : 3_600_000)).toISOString();
    const aggregation = request.history?.aggregate === 'max' ? 'max' : 'mean';
    const measures = async (name: string): Promise<Array<[number, number, number]>> => {
      const metricId = text(metrics[name]);
      if (!metricId) return [];
      const answer = await this.#session.call<unknown[]>('metric', {
        path: `/metric/${metricId}/measures`,
        query: { start: since, aggregation },
        signal,
      });
      return (Array.isArray(answer.body) ? answer.body : [])
        .filter((row): row is [string, number, number] => Array.isArray(row) && row.length === 3)
        .map(([at, granularity, value]) => [Date.parse(at), granularity, value]);
    };
    const [cpu, memory, vcpus] = await Promise.all([measures('cpu'), measures('memory.usage'), measures('vcpus')]);
    const cpuCount = vcpus.at(-1)?.[2] ?? 1;
    const cpuPoints = cpu.slice(1).map(([at, , value], index) => {
      const [beforeAt, , beforeValue] = cpu[index] as [number, number, number];
      return { t: at, v: Math.max(0, (value - beforeValue) / ((at - beforeAt) * 1e6 * cpuCount)) };
    });
    const memoryPoints = memory.map(([at, , value]) => ({ t: at, v: value * mib }));
    const keep = <T>(points: T[]): T[] => (request.history ? points : points.slice(-1));
    const series: MetricSeries[] = [];
    if (cpuPoints.length) series.push({ target, metric: 'cpu.usage', points: keep(cpuPoints) });
    if (memoryPoints.length) series.push({ target, metric: 'memory.used', points: keep(memoryPoints) });
    const unavailable = ['Disk and network rates of servers are per device in Gnocchi and are not shown yet.'];
    if (!cpuPoints.length) unavailable.push(`${target}: Gnocchi has fewer than two cpu measures in that range.`);
    return { series, unavailable };
  }
}
