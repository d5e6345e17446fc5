import type { SimEnv } from './env';
import type { LabGuest, LabNode, LabStorage } from './lab';
import { guestCpus, guestMaxDisk, guestMaxMem, storageUsed } from './views';

export const timeframes = ['hour', 'day', 'week', 'month', 'year'] as const;
export type Timeframe = (typeof timeframes)[number];

/** Seconds per row, as PVE's RRAs are laid out (70 rows for each timeframe). */
const stepOf: Record<Timeframe, number> = { hour: 60, day: 1800, week: 10800, month: 43200, year: 604800 };
const rowCount = 70;

type Sample = (t: number, step: number, max: boolean) => Record<string, number>;

function rows(env: SimEnv, timeframe: Timeframe, cf: string | undefined, sample: Sample): Record<string, number>[] {
  const step = stepOf[timeframe];
  const last = Math.floor(env.now() / step) * step - step;
  const max = cf === 'MAX';
  return Array.from({ length: rowCount }, (_, index) => {
    const t = last - (rowCount - 1 - index) * step;
    return { time: t, ...sample(t, step, max) };
  });
}

const peak = (value: number, max: boolean): number => (max ? value * 1.25 : value);

export function guestRrd(env: SimEnv, guest: LabGuest, timeframe: Timeframe, cf: string | undefined): Record<string, number>[] {
  const maxcpu = guestCpus(guest);
  const maxmem = guestMaxMem(guest);
  const maxdisk = guestMaxDisk(guest);
  const disk = guest.type === 'lxc' ? Math.round(maxdisk * 0.35) : 0;
  const key = guest.loadSeed;
  const running = guest.status === 'running';
  return rows(env, timeframe, cf, (t, step, max): Record<string, number> => {
    if (!running) return { maxcpu, maxmem, maxdisk, disk };
    const mid = t + step / 2;
    const rate = (channel: 'netin' | 'netout' | 'diskread' | 'diskwrite'): number =>
      peak(env.load.counter(key, channel, t, t + step) / step, max);
    const mem = Math.round(maxmem * env.load.memoryFraction(key, mid));
    return {
      cpu: Math.min(1, peak(env.load.cpu(key, mid), max)),
      maxcpu,
      mem,
      maxmem,
      memhost: Math.round(mem * 1.05),
      disk,
      maxdisk,
      netin: rate('netin'),
      netout: rate('netout'),
      diskread: rate('diskread'),
      diskwrite: rate('diskwrite'),
    };
  });
}

export function nodeRrd(env: SimEnv, node: LabNode, timeframe: Timeframe, cf: string | undefined): Record<string, number>[] {
  const key = 1_000_000 + node.nodeId;
  return rows(env, timeframe, cf, (t, step, max) => {
    const mid = t + step / 2;
    const cpu = Math.min(1, peak(env.load.cpu(key, mid) * 0.6, max));
    const memused = Math.round(node.memoryBytes * env.load.memoryFraction(key, mid));
    return {
      cpu,
      iowait: cpu * 0.05,
      loadavg: cpu * node.cpus * 0.8,
      maxcpu: node.cpus,
      memtotal: node.memoryBytes,
      memused,
      memavailable: node.memoryBytes - memused,
      swaptotal: 8 * 1024 ** 3,
      swapused: 0,
      roottotal: node.rootfsBytes,
      rootused: Math.round(node.rootfsBytes * 0.12),
      netin: peak(env.load.counter(key, 'netin', t, t + step) / step, max) * 4,
      netout: peak(env.load.counter(key, 'netout', t, t + step) / step, max) * 4,
    };
  });
}

export function storageRrd(
  env: SimEnv,
  storage: LabStorage,
  node: string,
  timeframe: Timeframe,
  cf: string | undefined,
): Record<string, number>[] {
  return rows(env, timeframe, cf, () => ({ used: storageUsed(env, storage, node), total: storage.totalBytes }));
}
