import type { MetricName } from '../../../common/model/operations';
import { isRecord, readNumber } from '../api/lenient';
import type { CounterName } from './counter-rates';

/** One live reading of a target: gauges as they are, counters to be turned into rates. */
export interface LiveSample {
  gauges: Partial<Record<MetricName, number>>;
  counters: Partial<Record<CounterName, number>>;
}

function put<K extends string>(into: Partial<Record<K, number>>, key: K, value: unknown): void {
  const number = readNumber(value);
  if (number !== undefined) into[key] = number;
}

/** GET …/{qemu|lxc}/{vmid}/status/current. */
export function guestSample(data: unknown): LiveSample {
  const status = isRecord(data) ? data : {};
  const sample: LiveSample = { gauges: {}, counters: {} };
  put(sample.gauges, 'cpu.usage', status.cpu);
  put(sample.gauges, 'memory.used', status.mem);
  put(sample.gauges, 'memory.total', status.maxmem);
  put(sample.gauges, 'disk.total', status.maxdisk);
  if (readNumber(status.disk)) put(sample.gauges, 'disk.used', status.disk);
  for (const counter of ['netin', 'netout', 'diskread', 'diskwrite'] as const) put(sample.counters, counter, status[counter]);
  return sample;
}

/** GET /nodes/{node}/status (network rates come from the node's rrd, see nodeNetworkSample). */
export function nodeSample(data: unknown): LiveSample {
  const status = isRecord(data) ? data : {};
  const memory = isRecord(status.memory) ? status.memory : {};
  const rootfs = isRecord(status.rootfs) ? status.rootfs : {};
  const sample: LiveSample = { gauges: {}, counters: {} };
  put(sample.gauges, 'cpu.usage', status.cpu);
  put(sample.gauges, 'memory.used', memory.used);
  put(sample.gauges, 'memory.total', memory.total);
  put(sample.gauges, 'disk.used', rootfs.used);
  put(sample.gauges, 'disk.total', rootfs.total);
  return sample;
}

/** GET /nodes/{node}/storage/{storage}/status. */
export function storageSample(data: unknown): LiveSample {
  const status = isRecord(data) ? data : {};
  const sample: LiveSample = { gauges: {}, counters: {} };
  put(sample.gauges, 'disk.used', status.used);
  put(sample.gauges, 'disk.total', status.total);
  return sample;
}
