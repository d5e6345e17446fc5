import { parseDiskSizeSim } from './sizes';
import type { SimEnv } from './env';
import type { LabGuest, LabNode, LabStorage } from './lab';

const MiB = 1024 * 1024;

export function guestCpus(guest: LabGuest): number {
  const cores = Number(guest.config.cores ?? 1);
  return guest.type === 'qemu' ? Number(guest.config.sockets ?? 1) * cores : cores;
}

export function guestMaxMem(guest: LabGuest): number {
  return Number(guest.config.memory ?? 512) * MiB;
}

/** The root/boot disk size, which /cluster/resources reports as maxdisk. */
export function guestMaxDisk(guest: LabGuest): number {
  const key = guest.type === 'qemu' ? 'scsi0' : 'rootfs';
  const size = /size=([\d.]+[KMGT]?)/.exec(String(guest.config[key] ?? ''))?.[1];
  return size ? parseDiskSizeSim(size) : 0;
}

/** Live numbers of a guest at the simulator's now. */
export function guestStats(env: SimEnv, guest: LabGuest): Record<string, number> {
  const now = env.now();
  const running = guest.status === 'running' && guest.startedAt !== undefined;
  const maxmem = guestMaxMem(guest);
  const maxdisk = guestMaxDisk(guest);
  const key = guest.loadSeed;
  const since = guest.startedAt ?? now;
  const counter = (channel: 'netin' | 'netout' | 'diskread' | 'diskwrite'): number =>
    running ? env.load.counter(key, channel, since, env.preciseNow()) : 0;
  return {
    cpu: running && !guest.paused ? env.load.cpu(key, now) : 0,
    maxcpu: guestCpus(guest),
    mem: running ? Math.round(maxmem * env.load.memoryFraction(key, now)) : 0,
    maxmem,
    disk: guest.type === 'lxc' ? Math.round(maxdisk * 0.35) : 0,
    maxdisk,
    netin: counter('netin'),
    netout: counter('netout'),
    diskread: counter('diskread'),
    diskwrite: counter('diskwrite'),
    uptime: running ? now - since : 0,
  };
}

export function guestRow(env: SimEnv, guest: LabGuest): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: `${guest.type}/${guest.vmid}`,
    type: guest.type,
    vmid: guest.vmid,
    name: env.lab.guestName(guest),
    node: guest.node,
    status: guest.status,
    template: guest.template ? 1 : 0,
    ...guestStats(env, guest),
  };
  if (guest.pool) row.pool = guest.pool;
  if (guest.config.tags) row.tags = guest.config.tags;
  if (guest.hastate) row.hastate = guest.hastate;
  if (guest.lock) row.lock = guest.lock;
  return row;
}

const nodeKey = (node: LabNode): number => 1_000_000 + node.nodeId;

export function nodeStats(env: SimEnv, node: LabNode): { cpu: number; mem: number; disk: number; uptime: number } {
  const now = env.now();
  return {
    cpu: env.load.cpu(nodeKey(node), now) * 0.6,
    mem: Math.round(node.memoryBytes * env.load.memoryFraction(nodeKey(node), now)),
    disk: Math.round(node.rootfsBytes * 0.12),
    uptime: now - node.bootTime,
  };
}

export function nodeRow(env: SimEnv, node: LabNode): Record<string, unknown> {
  const base = { id: `node/${node.name}`, type: 'node', node: node.name, status: node.online ? 'online' : 'offline', level: '' };
  if (!node.online) return base;
  const stats = nodeStats(env, node);
  return {
    ...base,
    cpu: stats.cpu,
    maxcpu: node.cpus,
    mem: stats.mem,
    maxmem: node.memoryBytes,
    disk: stats.disk,
    maxdisk: node.rootfsBytes,
    uptime: stats.uptime,
    'cgroup-mode': 2,
  };
}

export function storageUsed(env: SimEnv, storage: LabStorage, node: string): number {
  const key = [...`${storage.shared ? '' : node}/${storage.id}`].reduce((hash, char) => (hash * 33 + char.charCodeAt(0)) >>> 0, 5381);
  return Math.round(storage.totalBytes * (0.1 + 0.6 * env.load.memoryFraction(key, env.now())));
}

export function storageRow(env: SimEnv, storage: LabStorage, node: string): Record<string, unknown> {
  return {
    id: `storage/${node}/${storage.id}`,
    type: 'storage',
    storage: storage.id,
    node,
    status: 'available',
    plugintype: storage.type,
    content: storage.content,
    shared: storage.shared ? 1 : 0,
    disk: storageUsed(env, storage, node),
    maxdisk: storage.totalBytes,
  };
}
