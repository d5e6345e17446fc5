import type { MetricName, MetricPoint, MetricSeries } from '../../../common/model/operations';
import type { ObjectContent } from '../property-collector';
import { child, childrenNamed, moRefKey, moRefOf, numberAt, textAt, type XmlNode } from '../soap/xml-node';

export interface RequestedCounter {
  metric: MetricName;
  scale: number;
}

/**
 * QueryPerf's answer (PerfEntityMetric per entity, samples newest or oldest first depending
 * on the server) as series in time order. Negative values mean "no sample" and are dropped.
 */
export function seriesFromPerf(
  answer: XmlNode,
  counters: ReadonlyMap<number, RequestedCounter>,
  targetOf: (entityKey: string) => string | undefined,
): MetricSeries[] {
  const result: MetricSeries[] = [];
  for (const entityMetric of childrenNamed(answer, 'returnval')) {
    const entity = moRefOf(child(entityMetric, 'entity'));
    const target = entity ? targetOf(moRefKey(entity)) : undefined;
    if (!target) continue;
    const times = childrenNamed(entityMetric, 'sampleInfo').map((info) => Date.parse(textAt(info, 'timestamp') ?? ''));
    for (const series of childrenNamed(entityMetric, 'value')) {
      const counter = counters.get(numberAt(series, 'id.counterId') ?? -1);
      if (!counter || (textAt(series, 'id.instance') ?? '') !== '') continue;
      const points: MetricPoint[] = [];
      childrenNamed(series, 'value').forEach((sample, i) => {
        const value = Number(sample.text);
        const t = times[i];
        if (t !== undefined && Number.isFinite(t) && Number.isFinite(value) && value >= 0) points.push({ t, v: value * counter.scale });
      });
      points.sort((a, b) => a.t - b.t);
      if (points.length > 0) result.push({ target, metric: counter.metric, points });
    }
  }
  return result;
}

/** Properties read for the live view: quickStats plus the sizes they are measured against. */
export const quickStatsSets = [
  {
    type: 'VirtualMachine',
    paths: [
      'summary.quickStats.overallCpuUsage',
      'summary.runtime.maxCpuUsage',
      'summary.quickStats.guestMemoryUsage',
      'config.hardware.memoryMB',
    ],
  },
  {
    type: 'HostSystem',
    paths: [
      'summary.quickStats.overallCpuUsage',
      'summary.quickStats.overallMemoryUsage',
      'summary.hardware.cpuMhz',
      'summary.hardware.numCpuCores',
      'summary.hardware.memorySize',
    ],
  },
] as const;

const MiB = 1024 * 1024;

/** quickStats as one-point series: CPU against the object's MHz, memory used and total. */
export function seriesFromQuickStats(content: ObjectContent, target: string, now: number): MetricSeries[] {
  const value = (path: string): number | undefined => numberAt(content.props.get(path));
  const isHost = content.ref.type === 'HostSystem';
  const cpuMhz = value('summary.quickStats.overallCpuUsage');
  const cpuCapacity = isHost
    ? product(value('summary.hardware.cpuMhz'), value('summary.hardware.numCpuCores'))
    : value('summary.runtime.maxCpuUsage');
  const memoryUsedMB = isHost ? value('summary.quickStats.overallMemoryUsage') : value('summary.quickStats.guestMemoryUsage');
  const memoryTotal = isHost ? value('summary.hardware.memorySize') : scaled(value('config.hardware.memoryMB'), MiB);
  const series: MetricSeries[] = [];
  const add = (metric: MetricName, v: number | undefined): void => {
    if (v !== undefined && Number.isFinite(v)) series.push({ target, metric, points: [{ t: now, v }] });
  };
  add('cpu.usage', cpuMhz !== undefined && cpuCapacity ? Math.min(1, cpuMhz / cpuCapacity) : undefined);
  add('memory.used', scaled(memoryUsedMB, MiB));
  add('memory.total', memoryTotal);
  return series;
}

const product = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : a * b;
const scaled = (a: number | undefined, factor: number): number | undefined => (a === undefined ? undefined : a * factor);
