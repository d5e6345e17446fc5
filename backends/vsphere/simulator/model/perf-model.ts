import { moRefKey, type MoRef } from '../../soap/xml-node';

export interface CounterDefinition {
  key: number;
  group: string;
  name: string;
  rollup: 'average' | 'maximum';
  unit: 'percent' | 'kiloBytes' | 'kiloBytesPerSecond' | 'megaHertz';
  label: string;
}

/** The counters the simulator measures (keys as a vCenter 6.5+ numbers them). */
export const counterDefinitions: readonly CounterDefinition[] = [
  { key: 2, group: 'cpu', name: 'usage', rollup: 'average', unit: 'percent', label: 'CPU usage' },
  { key: 3, group: 'cpu', name: 'usage', rollup: 'maximum', unit: 'percent', label: 'CPU usage (max)' },
  { key: 6, group: 'cpu', name: 'usagemhz', rollup: 'average', unit: 'megaHertz', label: 'CPU usage in MHz' },
  { key: 24, group: 'mem', name: 'usage', rollup: 'average', unit: 'percent', label: 'Memory usage' },
  { key: 98, group: 'mem', name: 'consumed', rollup: 'average', unit: 'kiloBytes', label: 'Memory consumed' },
  { key: 99, group: 'mem', name: 'consumed', rollup: 'maximum', unit: 'kiloBytes', label: 'Memory consumed (max)' },
  { key: 125, group: 'disk', name: 'usage', rollup: 'average', unit: 'kiloBytesPerSecond', label: 'Disk usage' },
  { key: 130, group: 'disk', name: 'read', rollup: 'average', unit: 'kiloBytesPerSecond', label: 'Disk read rate' },
  { key: 131, group: 'disk', name: 'write', rollup: 'average', unit: 'kiloBytesPerSecond', label: 'Disk write rate' },
  { key: 143, group: 'net', name: 'usage', rollup: 'average', unit: 'kiloBytesPerSecond', label: 'Network usage' },
  { key: 148, group: 'net', name: 'received', rollup: 'average', unit: 'kiloBytesPerSecond', label: 'Network data receive rate' },
  { key: 149, group: 'net', name: 'transmitted', rollup: 'average', unit: 'kiloBytesPerSecond', label: 'Network data transmit rate' },
];

export const realtimeInterval = 20;

/** vCenter's default statistics intervals: 5 min for a day, 30 min for a week, 2 h for a month, 1 day for a year. */
export const defaultHistoricalIntervals = [
  { key: 1, samplingPeriod: 300, name: 'Past day', length: 86_400 },
  { key: 2, samplingPeriod: 1800, name: 'Past week', length: 604_800 },
  { key: 3, samplingPeriod: 7200, name: 'Past month', length: 2_592_000 },
  { key: 4, samplingPeriod: 86_400, name: 'Past year', length: 31_536_000 },
] as const;

/** How long the server keeps samples of an interval. */
export function retentionSeconds(interval: number): number | undefined {
  if (interval === realtimeInterval) return 3600;
  return defaultHistoricalIntervals.find((i) => i.samplingPeriod === interval)?.length;
}

/** A stable pseudo-random number in [0, 1) from a string (FNV-1a, then mixed). */
function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/**
 * Deterministic samples: each entity has its own level per counter, a slow daily wave and
 * a little noise per timestamp, so the same query always draws the same chart.
 * `memoryKB` is the entity's memory, against which memory counters are drawn.
 */
export function sampleValue(entity: MoRef, counter: CounterDefinition, timeSeconds: number, memoryKB: number, powered: boolean): number {
  if (!powered) return 0;
  const key = moRefKey(entity);
  const level = hashUnit(`${key}/${counter.group}.${counter.name}`);
  const wave = 0.5 + 0.5 * Math.sin((timeSeconds / 86_400) * 2 * Math.PI + level * 6);
  const noise = hashUnit(`${key}/${counter.key}/${timeSeconds}`);
  const load = Math.min(1, 0.1 + 0.5 * level + 0.25 * wave + 0.15 * noise);
  const peak = counter.rollup === 'maximum' ? 1.2 : 1;
  switch (`${counter.group}.${counter.name}`) {
    case 'cpu.usage':
    case 'mem.usage':
      return Math.round(Math.min(10_000, load * 10_000 * peak));
    case 'cpu.usagemhz':
      return Math.round(load * 2400 * peak);
    case 'mem.consumed':
      return Math.round(memoryKB * Math.min(1, load * peak));
    default:
      return Math.round(load * 20_000 * peak);
  }
}
