import { ApiError } from '../api/api-error';
import type { Route } from '../api/router';
import { reachableNode, type SimEnv } from '../env';
import { nodeRrd, storageRrd, timeframes } from '../rrd';
import { guestStats, nodeRow, nodeStats, storageUsed } from '../views';

const sysAudit = ({ path }: { path: Record<string, string> }): [string, string] => [`/nodes/${path.node}`, 'Sys.Audit'];
const rrdParams = {
  timeframe: { kind: 'string', required: true, values: timeframes },
  cf: { kind: 'string', values: ['AVERAGE', 'MAX'] },
} as const;

export function nodeRoutes(env: SimEnv): Route[] {
  const { lab } = env;
  const storageOn = (path: Record<string, string>) => {
    const node = reachableNode(env, path.node as string);
    const storage = lab.storagesOn(node.name).find((candidate) => candidate.id === path.storage);
    if (!storage) throw new ApiError(500, `storage '${path.storage}' does not exist`);
    return { node, storage };
  };
  return [
    {
      method: 'GET',
      path: '/nodes',
      handle: () =>
        lab.nodes.map((node) => {
          const { id: _id, type: _type, 'cgroup-mode': _cgroup, ...row } = nodeRow(env, node);
          return { ...row, ssl_fingerprint: fingerprintOf(node.name) };
        }),
    },
    {
      method: 'GET',
      path: '/nodes/{node}/status',
      permission: sysAudit,
      handle: ({ path }) => {
        const node = reachableNode(env, path.node as string);
        const stats = nodeStats(env, node);
        const load = (stats.cpu * node.cpus * 0.8).toFixed(2);
        return {
          cpu: stats.cpu,
          wait: stats.cpu * 0.05,
          uptime: stats.uptime,
          idle: 0,
          loadavg: [load, load, load],
          pveversion: `pve-manager/${env.version.version}/${env.version.repoid}`,
          kversion: 'Linux 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4',
          cpuinfo: {
            model: node.cpuModel,
            cpus: node.cpus,
            sockets: 1,
            cores: node.cpus / 2,
            mhz: '2400.000',
            hvm: '1',
            user_hz: 100,
            flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep',
          },
          memory: { total: node.memoryBytes, used: stats.mem, free: node.memoryBytes - stats.mem, available: node.memoryBytes - stats.mem },
          swap: { total: 8 * 1024 ** 3, used: 0, free: 8 * 1024 ** 3 },
          rootfs: { total: node.rootfsBytes, used: stats.disk, free: node.rootfsBytes - stats.disk, avail: node.rootfsBytes - stats.disk },
          ksm: { shared: 0 },
          'boot-info': { mode: 'efi', secureboot: 0 },
          'current-kernel': {
            sysname: 'Linux',
            release: '6.14.11-4-pve',
            version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4',
            machine: 'x86_64',
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/network',
      params: { type: { kind: 'string' } },
      permission: sysAudit,
      handle: ({ path, params }) => {
        const node = reachableNode(env, path.node as string);
        return node.interfaces
          .filter((iface) => !params.type || iface.type === params.type || (params.type === 'any_bridge' && iface.type === 'bridge'))
          .map((iface) => ({ iface: iface.iface, type: iface.type, ...iface.fields }));
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/rrddata',
      params: rrdParams,
      permission: sysAudit,
      handle: ({ path, params }) =>
        nodeRrd(env, reachableNode(env, path.node as string), params.timeframe as (typeof timeframes)[number], params.cf),
    },
    {
      method: 'GET',
      path: '/nodes/{node}/qemu',
      params: { full: { kind: 'boolean' } },
      handle: ({ path, params }) => {
        const node = reachableNode(env, path.node as string);
        const full = /^(1|true)$/.test(params.full ?? '');
        return [...lab.guests.values()]
          .filter((guest) => guest.node === node.name && guest.type === 'qemu')
          .map((guest) => {
            const stats = guestStats(env, guest);
            const row: Record<string, unknown> = {
              vmid: guest.vmid,
              name: lab.guestName(guest),
              status: guest.status,
              cpus: stats.maxcpu,
              ...stats,
            };
            delete row.maxcpu;
            if (guest.template) row.template = 1;
            if (guest.lock) row.lock = guest.lock;
            if (guest.config.tags) row.tags = guest.config.tags;
            if (full) row.qmpstatus = guest.status === 'running' ? (guest.paused ? 'paused' : 'running') : 'stopped';
            return row;
          });
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/lxc',
      handle: ({ path }) => {
        const node = reachableNode(env, path.node as string);
        return [...lab.guests.values()]
          .filter((guest) => guest.node === node.name && guest.type === 'lxc')
          .map((guest) => {
            const stats = guestStats(env, guest);
            // Older pve-container releases list vmid as a string.
            return {
              vmid: String(guest.vmid),
              name: lab.guestName(guest),
              status: guest.status,
              type: 'lxc',
              cpus: stats.maxcpu,
              ...stats,
            };
          });
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/storage/{storage}/status',
      permission: ({ path }) => [`/storage/${path.storage}`, 'Datastore.Audit'],
      handle: ({ path }) => {
        const { node, storage } = storageOn(path);
        const used = storageUsed(env, storage, node.name);
        return {
          type: storage.type,
          content: storage.content,
          shared: storage.shared ? 1 : 0,
          active: 1,
          enabled: 1,
          total: storage.totalBytes,
          used,
          avail: storage.totalBytes - used,
        };
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/storage/{storage}/rrddata',
      params: rrdParams,
      permission: ({ path }) => [`/storage/${path.storage}`, 'Datastore.Audit'],
      handle: ({ path, params }) => {
        const { node, storage } = storageOn(path);
        return storageRrd(env, storage, node.name, params.timeframe as (typeof timeframes)[number], params.cf);
      },
    },
  ];
}

/** A stable, made-up SHA-256 fingerprint per node name. */
function fingerprintOf(name: string): string {
  let hash = 0x811c9dc5;
  const bytes: string[] = [];
  for (let i = 0; i < 32; i += 1) {
    hash = Math.imul(hash ^ (name.charCodeAt(i % name.length) + i), 16777619) >>> 0;
    bytes.push((hash & 0xff).toString(16).toUpperCase().padStart(2, '0'));
  }
  return bytes.join(':');
}
