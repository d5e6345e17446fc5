import { ApiError } from '../api/api-error';
import { asBoolean, type ParamSpec, type Route } from '../api/router';
import { guestAt, type SimEnv } from '../env';
import {
  cloneTask,
  migrateTask,
  powerTask,
  snapshotCreateTask,
  snapshotDeleteTask,
  snapshotRollbackTask,
  type PowerAction,
} from '../guest-lifecycle';
import type { GuestType, LabGuest } from '../lab';
import { guestRrd, timeframes } from '../rrd';
import { guestStats } from '../views';

type Permission = Route['permission'];
const onGuest =
  (privilege: string): Permission =>
  ({ path }) => [`/vms/${path.vmid}`, privilege];

const powerParams: Record<GuestType, Record<PowerAction, Record<string, ParamSpec>>> = {
  qemu: {
    start: { skiplock: { kind: 'boolean' }, timeout: { kind: 'integer' } },
    stop: {
      skiplock: { kind: 'boolean' },
      timeout: { kind: 'integer' },
      keepActive: { kind: 'boolean' },
      'overrule-shutdown': { kind: 'boolean' },
    },
    shutdown: {
      skiplock: { kind: 'boolean' },
      timeout: { kind: 'integer' },
      forceStop: { kind: 'boolean' },
      keepActive: { kind: 'boolean' },
    },
    reboot: { timeout: { kind: 'integer' } },
    reset: { skiplock: { kind: 'boolean' } },
    suspend: { skiplock: { kind: 'boolean' }, todisk: { kind: 'boolean' }, statestorage: { kind: 'string' } },
    resume: { skiplock: { kind: 'boolean' }, nocheck: { kind: 'boolean' } },
  },
  lxc: {
    start: { skiplock: { kind: 'boolean' }, debug: { kind: 'boolean' } },
    stop: { skiplock: { kind: 'boolean' }, 'overrule-shutdown': { kind: 'boolean' } },
    shutdown: { timeout: { kind: 'integer' }, forceStop: { kind: 'boolean' } },
    reboot: { timeout: { kind: 'integer' } },
    reset: {},
    suspend: {},
    resume: {},
  },
};

function statusCurrent(env: SimEnv, guest: LabGuest): Record<string, unknown> {
  const stats = guestStats(env, guest);
  const status: Record<string, unknown> = {
    vmid: guest.vmid,
    name: env.lab.guestName(guest),
    status: guest.status,
    ...stats,
    cpus: stats.maxcpu,
    ha: guest.hastate ? { managed: 1, state: guest.hastate, group: null } : { managed: 0 },
  };
  delete status.maxcpu;
  if (guest.template) status.template = 1;
  if (guest.lock) status.lock = guest.lock;
  if (guest.config.tags) status.tags = guest.config.tags;
  if (guest.type === 'qemu') {
    status.qmpstatus = guest.status === 'running' ? (guest.paused ? 'paused' : 'running') : 'stopped';
    status.agent = guest.config.agent === undefined ? 0 : 1;
    if (guest.status === 'running') {
      status.pid = 100000 + guest.vmid;
      status['running-machine'] = 'pc-i440fx-9.2+pve1';
      status['running-qemu'] = '9.2.0';
    }
  }
  return status;
}

function snapshotList(guest: LabGuest): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = guest.snapshots.map((snapshot) => ({
    name: snapshot.name,
    description: snapshot.description,
    snaptime: snapshot.snaptime,
    ...(guest.type === 'qemu' ? { vmstate: snapshot.vmstate ? 1 : 0 } : {}),
    ...(snapshot.parent ? { parent: snapshot.parent } : {}),
  }));
  const current: Record<string, unknown> = {
    name: 'current',
    description: 'You are here!',
    running: guest.status === 'running' ? 1 : 0,
    digest: 'feedface',
  };
  if (typeof guest.config.parent === 'string') current.parent = guest.config.parent;
  rows.push(current);
  return rows;
}

/** What the qemu guest agent answers for network-get-interfaces. */
function agentInterfaces(guest: LabGuest): Record<string, unknown> {
  const interfaces: Record<string, unknown>[] = [
    {
      name: 'lo',
      'hardware-address': '00:00:00:00:00:00',
      'ip-addresses': [
        { 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 },
        { 'ip-address': '::1', 'ip-address-type': 'ipv6', prefix: 128 },
      ],
    },
  ];
  let index = 0;
  for (const [mac, addresses] of guest.addresses) {
    interfaces.push({
      name: `ens${18 + index++}`,
      'hardware-address': mac.toLowerCase(),
      'ip-addresses': [
        ...addresses.map((address) => ({ 'ip-address': address, 'ip-address-type': 'ipv4', prefix: 24 })),
        {
          'ip-address': `fe80::be24:11ff:fe${mac.slice(9, 11).toLowerCase()}:${mac.slice(12, 14).toLowerCase()}${mac.slice(15, 17).toLowerCase()}`,
          'ip-address-type': 'ipv6',
          prefix: 64,
        },
      ],
      statistics: {
        'rx-bytes': 123456,
        'tx-bytes': 65432,
        'rx-packets': 1200,
        'tx-packets': 800,
        'rx-errs': 0,
        'tx-errs': 0,
        'rx-dropped': 0,
        'tx-dropped': 0,
      },
    });
  }
  return { result: interfaces };
}

function containerInterfaces(guest: LabGuest): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [
    {
      name: 'lo',
      hwaddr: '00:00:00:00:00:00',
      'hardware-address': '00:00:00:00:00:00',
      inet: '127.0.0.1/8',
      'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'inet', prefix: 8 }],
    },
  ];
  let index = 0;
  for (const [mac, addresses] of guest.addresses) {
    const first = addresses[0] as string;
    rows.push({
      name: `eth${index++}`,
      hwaddr: mac.toLowerCase(),
      'hardware-address': mac.toLowerCase(),
      inet: `${first}/24`,
      'ip-addresses': addresses.map((address) => ({ 'ip-address': address, 'ip-address-type': 'inet', prefix: 24 })),
    });
  }
  return rows;
}

function typeRoutes(env: SimEnv, type: GuestType): Route[] {
  const base = `/nodes/{node}/${type}/{vmid}`;
  const guestOf = (path: Record<string, string>): LabGuest => guestAt(env, path, type);
  const running = (guest: LabGuest): LabGuest => {
    if (guest.status !== 'running') throw new ApiError(500, `${type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid} is not running`);
    return guest;
  };
  const routes: Route[] = [
    {
      method: 'GET',
      path: `${base}/config`,
      params:
        type === 'qemu'
          ? { current: { kind: 'boolean' }, snapshot: { kind: 'string' } }
          : { current: { kind: 'boolean' }, snapshot: { kind: 'string' } },
      permission: onGuest('VM.Audit'),
      handle: ({ path, params }) => {
        const guest = guestOf(path);
        if (params.snapshot) {
          const snapshot = guest.snapshots.find((candidate) => candidate.name === params.snapshot);
          if (!snapshot) throw new ApiError(500, `snapshot '${params.snapshot}' does not exist`);
          return {
            ...snapshot.config,
            snaptime: snapshot.snaptime,
            ...(snapshot.description ? { description: snapshot.description } : {}),
          };
        }
        return guest.lock ? { ...guest.config, lock: guest.lock } : { ...guest.config };
      },
    },
    {
      method: 'GET',
      path: `${base}/status/current`,
      permission: onGuest('VM.Audit'),
      handle: ({ path }) => statusCurrent(env, guestOf(path)),
    },
    { method: 'GET', path: `${base}/snapshot`, permission: onGuest('VM.Audit'), handle: ({ path }) => snapshotList(guestOf(path)) },
    {
      method: 'GET',
      path: `${base}/rrddata`,
      params: { timeframe: { kind: 'string', required: true, values: timeframes }, cf: { kind: 'string', values: ['AVERAGE', 'MAX'] } },
      permission: onGuest('VM.Audit'),
      handle: ({ path, params }) => guestRrd(env, guestOf(path), params.timeframe as (typeof timeframes)[number], params.cf),
    },
    {
      method: 'POST',
      path: `${base}/snapshot`,
      params: {
        snapname: { kind: 'string', required: true },
        description: { kind: 'string' },
        ...(type === 'qemu' ? { vmstate: { kind: 'boolean' } } : {}),
      },
      permission: onGuest('VM.Snapshot'),
      handle: ({ path, params, principal }) =>
        snapshotCreateTask(env, guestOf(path), params.snapname as string, params.description, asBoolean(params.vmstate), principal.authId),
    },
    {
      method: 'POST',
      path: `${base}/snapshot/{snapname}/rollback`,
      params: { start: { kind: 'boolean' } },
      permission: onGuest('VM.Snapshot.Rollback'),
      handle: ({ path, params, principal }) =>
        snapshotRollbackTask(env, guestOf(path), path.snapname as string, asBoolean(params.start), principal.authId),
    },
    {
      method: 'DELETE',
      path: `${base}/snapshot/{snapname}`,
      params: { force: { kind: 'boolean' } },
      permission: onGuest('VM.Snapshot'),
      handle: ({ path, principal }) => snapshotDeleteTask(env, guestOf(path), path.snapname as string, principal.authId),
    },
    {
      method: 'POST',
      path: `${base}/migrate`,
      params:
        type === 'qemu'
          ? {
              target: { kind: 'string', required: true },
              online: { kind: 'boolean' },
              force: { kind: 'boolean' },
              'with-local-disks': { kind: 'boolean' },
              bwlimit: { kind: 'integer' },
              targetstorage: { kind: 'string' },
            }
          : {
              target: { kind: 'string', required: true },
              online: { kind: 'boolean' },
              restart: { kind: 'boolean' },
              timeout: { kind: 'integer' },
              bwlimit: { kind: 'number' },
              'target-storage': { kind: 'string' },
            },
      permission: onGuest('VM.Migrate'),
      handle: ({ path, params, principal }) =>
        migrateTask(env, guestOf(path), params.target as string, asBoolean(params.online), asBoolean(params.restart), principal.authId),
    },
    {
      method: 'POST',
      path: `${base}/clone`,
      params: {
        newid: { kind: 'integer', required: true },
        [type === 'qemu' ? 'name' : 'hostname']: { kind: 'string' },
        description: { kind: 'string' },
        full: { kind: 'boolean' },
        pool: { kind: 'string' },
        snapname: { kind: 'string' },
        storage: { kind: 'string' },
        target: { kind: 'string' },
        bwlimit: { kind: type === 'qemu' ? 'integer' : 'number' },
        ...(type === 'qemu' ? { format: { kind: 'string', values: ['raw', 'qcow2', 'vmdk'] } } : {}),
      },
      permission: onGuest('VM.Clone'),
      handle: ({ path, params, principal }) => {
        const options: { name?: string; target?: string; full?: boolean; pool?: string } = {};
        const name = params.name ?? params.hostname;
        if (name) options.name = name;
        if (params.target) options.target = params.target;
        if (params.full !== undefined) options.full = asBoolean(params.full);
        if (params.pool) options.pool = params.pool;
        return cloneTask(env, guestOf(path), Number(params.newid), options, principal.authId);
      },
    },
  ];
  for (const action of Object.keys(powerParams[type]) as PowerAction[]) {
    if (type === 'lxc' && action === 'reset') continue;
    routes.push({
      method: 'POST',
      path: `${base}/status/${action}`,
      params: powerParams[type][action],
      permission: onGuest('VM.PowerMgmt'),
      handle: ({ path, principal }) => powerTask(env, guestOf(path), action, principal.authId),
    });
  }
  if (type === 'qemu') {
    routes.push({
      method: 'GET',
      path: `${base}/agent/network-get-interfaces`,
      permission: onGuest('VM.GuestAgent.Audit'),
      handle: ({ path }) => {
        const guest = running(guestOf(path));
        if (guest.config.agent === undefined) throw new ApiError(500, 'No QEMU guest agent configured');
        if (!guest.agentInstalled || guest.paused) throw new ApiError(500, 'QEMU guest agent is not running');
        return agentInterfaces(guest);
      },
    });
  } else {
    routes.push({
      method: 'GET',
      path: `${base}/interfaces`,
      permission: onGuest('VM.Audit'),
      handle: ({ path }) => containerInterfaces(running(guestOf(path))),
    });
  }
  return routes;
}

export function guestRoutes(env: SimEnv): Route[] {
  return [...typeRoutes(env, 'qemu'), ...typeRoutes(env, 'lxc')];
}
