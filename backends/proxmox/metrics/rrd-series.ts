import type { ObjectId } from '../../../common/model/inventory';
import type { MetricName, MetricSeries } from '../../../common/model/operations';
import { readNumber, readRows } from '../api/lenient';

export type RrdSource = 'guest' | 'node' | 'storage';

/** Which rrd data source feeds which metric, per kind of target. */
const sources: Record<RrdSource, Partial<Record<MetricName, string>>> = {
  guest: {
    'cpu.usage': 'cpu',
    'memory.used': 'mem',
    'memory.total': 'maxmem',
    'disk.read': 'diskread',
    'disk.write': 'diskwrite',
    'disk.used': 'disk',
    'disk.total': 'maxdisk',
    'net.in': 'netin',
    'net.out': 'netout',
  },
  node: {
    'cpu.usage': 'cpu',
    'memory.used': 'memused',
    'memory.total': 'memtotal',
    'disk.used': 'rootused',
    'disk.total': 'roottotal',
    'net.in': 'netin',
    'net.out': 'netout',
  },
  storage: { 'disk.used': 'used', 'disk.total': 'total' },
};

/**
 * rrddata rows → one series per metric. Rows without a value for a data source (a
 * stopped guest has only maxcpu, maxmem, maxdisk, disk) simply give no point.
 */
export function rrdSeries(target: ObjectId, source: RrdSource, data: unknown): MetricSeries[] {
  const rows = readRows(data);
  const series: MetricSeries[] = [];
  for (const [metric, key] of Object.entries(sources[source]) as [MetricName, string][]) {
    const points = [];
    for (const row of rows) {
      const time = readNumber(row.time);
      const value = readNumber(row[key]);
      if (time !== undefined && value !== undefined) points.push({ t: time * 1000, v: value });
    }
    if (points.length > 0) series.push({ target, metric, points });
  }
  return series;
}

/** The newest row that carries a value for `key` (node network rates live only in rrd). */
export function latestRrdValue(data: unknown, key: string): { t: number; v: number } | undefined {
  const rows = readRows(data);
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const row = rows[i] as Record<string, unknown>;
    const time = readNumber(row.time);
    const value = readNumber(row[key]);
    if (time !== undefined && value !== undefined) return { t: time * 1000, v: value };
  }
  return undefined;
}
