import { createHash } from 'node:crypto';
import { ApiError } from './api/api-error';
import type { SimEnv } from './env';
import type { LabGuest, LabSnapshot } from './lab';
import { TaskFailure } from './tasks';

const label = (guest: LabGuest): string => (guest.type === 'qemu' ? `VM ${guest.vmid}` : `CT ${guest.vmid}`);

/** Refuses work on a locked or template guest the way qemu-server does. */
function checkUnlocked(guest: LabGuest): void {
  if (guest.lock) throw new TaskFailure(`${label(guest)} is locked (${guest.lock})`);
}

function requireRunning(guest: LabGuest): void {
  if (guest.status !== 'running') throw new TaskFailure(`${label(guest)} not running`);
}

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset' | 'suspend' | 'resume';

const taskTypes: Record<'qemu' | 'lxc', Record<PowerAction, string>> = {
  qemu: {
    start: 'qmstart',
    stop: 'qmstop',
    shutdown: 'qmshutdown',
    reboot: 'qmreboot',
    reset: 'qmreset',
    suspend: 'qmsuspend',
    resume: 'qmresume',
  },
  lxc: {
    start: 'vzstart',
    stop: 'vzstop',
    shutdown: 'vzshutdown',
    reboot: 'vzreboot',
    reset: 'vzreset',
    suspend: 'vzsuspend',
    resume: 'vzresume',
  },
};

/** Starts the power task; its preconditions are checked when it runs, so failures end up in the task. */
export function powerTask(env: SimEnv, guest: LabGuest, action: PowerAction, user: string): string {
  if (guest.template) throw new ApiError(500, `${label(guest)} is a template - cannot ${action}`);
  const finish = (): string[] | void => {
    checkUnlocked(guest);
    switch (action) {
      case 'start':
        if (guest.status === 'running') throw new TaskFailure(`${label(guest)} already running`);
        guest.status = 'running';
        guest.paused = false;
        guest.startedAt = env.now();
        return [];
      case 'stop':
      case 'shutdown':
        requireRunning(guest);
        guest.status = 'stopped';
        guest.paused = false;
        delete guest.startedAt;
        return [];
      case 'reboot':
      case 'reset':
        requireRunning(guest);
        guest.paused = false;
        guest.startedAt = env.now();
        return [];
      case 'suspend':
        requireRunning(guest);
        guest.paused = true;
        return [];
      case 'resume':
        requireRunning(guest);
        if (!guest.paused) throw new TaskFailure(`${label(guest)} is not paused`);
        guest.paused = false;
        return [];
    }
  };
  return env.tasks.start(guest.node, taskTypes[guest.type][action], String(guest.vmid), user, { finish });
}

const configOf = (guest: LabGuest): Record<string, string | number> => {
  const { parent: _parent, ...config } = guest.config;
  return config;
};

export function snapshotCreateTask(
  env: SimEnv,
  guest: LabGuest,
  name: string,
  description: string | undefined,
  vmstate: boolean,
  user: string,
): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]{1,39}$/.test(name))
    throw new ApiError(400, 'Parameter verification failed.', { snapname: `invalid configuration ID '${name}'` });
  if (name === 'current') throw new ApiError(500, "invalid snapshot name 'current'");
  if (guest.snapshots.some((snapshot) => snapshot.name === name)) throw new ApiError(500, `snapshot name '${name}' already used`);
  guest.lock = 'snapshot';
  return env.tasks.start(guest.node, guest.type === 'qemu' ? 'qmsnapshot' : 'vzsnapshot', String(guest.vmid), user, {
    lines:
      vmstate && guest.status === 'running' ? ["saving VM state and RAM using storage 'local-lvm'", 'completed saving the VM state'] : [],
    finish: () => {
      delete guest.lock;
      const snapshot: LabSnapshot = {
        name,
        description: description ?? '',
        snaptime: env.now(),
        vmstate: vmstate && guest.status === 'running',
        config: configOf(guest),
      };
      const parent = guest.config.parent;
      if (typeof parent === 'string') snapshot.parent = parent;
      guest.snapshots.push(snapshot);
      guest.config.parent = name;
      return [`snapshot '${name}' created`];
    },
  });
}

export function snapshotOf(guest: LabGuest, name: string): LabSnapshot {
  const snapshot = guest.snapshots.find((candidate) => candidate.name === name);
  if (!snapshot) throw new ApiError(500, `snapshot '${name}' does not exist`);
  return snapshot;
}

export function snapshotRollbackTask(env: SimEnv, guest: LabGuest, name: string, startAfter: boolean, user: string): string {
  const snapshot = snapshotOf(guest, name);
  return env.tasks.start(guest.node, guest.type === 'qemu' ? 'qmrollback' : 'vzrollback', String(guest.vmid), user, {
    finish: () => {
      checkUnlocked(guest);
      guest.config = { ...snapshot.config, parent: snapshot.name };
      const running = snapshot.vmstate || startAfter;
      guest.status = running ? 'running' : 'stopped';
      guest.paused = false;
      if (running) guest.startedAt = env.now();
      else delete guest.startedAt;
      return [`rolled back to snapshot '${name}'`];
    },
  });
}

export function snapshotDeleteTask(env: SimEnv, guest: LabGuest, name: string, user: string): string {
  snapshotOf(guest, name);
  return env.tasks.start(guest.node, guest.type === 'qemu' ? 'qmdelsnapshot' : 'vzdelsnapshot', String(guest.vmid), user, {
    finish: () => {
      checkUnlocked(guest);
      const removed = snapshotOf(guest, name);
      guest.snapshots = guest.snapshots.filter((snapshot) => snapshot !== removed);
      for (const child of guest.snapshots) {
        if (child.parent !== name) continue;
        if (removed.parent) child.parent = removed.parent;
        else delete child.parent;
      }
      if (guest.config.parent === name) {
        if (removed.parent) guest.config.parent = removed.parent;
        else delete guest.config.parent;
      }
      return [];
    },
  });
}

export function migrateTask(env: SimEnv, guest: LabGuest, target: string, online: boolean, restart: boolean, user: string): string {
  if (target === guest.node) throw new ApiError(400, 'Parameter verification failed.', { target: 'target is local node.' });
  const targetNode = env.lab.node(target);
  if (!targetNode) throw new ApiError(400, 'Parameter verification failed.', { target: `no such cluster node '${target}'` });
  if (!targetNode.online) throw new ApiError(500, `target node '${target}' is not online`);
  if (guest.status === 'running' && guest.type === 'qemu' && !online) throw new ApiError(500, "can't migrate running VM without --online");
  if (guest.status === 'running' && guest.type === 'lxc' && !restart)
    throw new ApiError(500, "lxc live migration is currently not implemented - use 'restart' mode");
  const source = guest.node;
  guest.lock = 'migrate';
  return env.tasks.start(source, guest.type === 'qemu' ? 'qmigrate' : 'vzmigrate', String(guest.vmid), user, {
    lines: [
      `starting migration of ${label(guest)} to node '${target}' (${targetNode.ip})`,
      online ? 'starting online/live migration' : 'copying local disk images',
    ],
    durationMs: env.tasks.durationMs * 2,
    finish: () => {
      delete guest.lock;
      guest.node = target;
      if (guest.status === 'running') guest.startedAt = guest.type === 'lxc' ? env.now() : guest.startedAt;
      return [`migration finished successfully`];
    },
  });
}

export function cloneTask(
  env: SimEnv,
  source: LabGuest,
  newid: number,
  options: { name?: string; target?: string; full?: boolean; pool?: string },
  user: string,
): string {
  if (env.lab.guest(newid)) throw new ApiError(500, `unable to create VM ${newid}: config file already exists`);
  const targetNode = options.target ?? source.node;
  if (!env.lab.node(targetNode))
    throw new ApiError(400, 'Parameter verification failed.', { target: `no such cluster node '${targetNode}'` });
  if (!source.template && options.full === false)
    throw new ApiError(500, 'Linked clone feature is not supported for this VM (not a template)');
  if (options.pool && !env.lab.pools.some((pool) => pool.id === options.pool))
    throw new ApiError(500, `pool '${options.pool}' does not exist`);
  const placeholder: LabGuest = {
    ...source,
    vmid: newid,
    node: targetNode,
    template: false,
    status: 'stopped',
    paused: false,
    lock: 'clone',
    config: {},
    snapshots: [],
    addresses: new Map(),
    loadSeed: source.loadSeed ^ newid,
  };
  delete placeholder.startedAt;
  delete placeholder.hastate;
  if (options.pool) placeholder.pool = options.pool;
  else delete placeholder.pool;
  env.lab.guests.set(newid, placeholder);
  return env.tasks.start(source.node, source.type === 'qemu' ? 'qmclone' : 'vzclone', String(source.vmid), user, {
    lines: [`create ${options.full === false ? 'linked' : 'full'} clone of drive scsi0`, 'transferred 100% of the image'],
    durationMs: env.tasks.durationMs * 2,
    finish: () => {
      const config: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(configOf(source))) {
        if (key === 'template' || key === 'digest' || key === 'description') continue;
        config[key] =
          typeof value === 'string' ? value.replace(new RegExp(`(vm|base)-${source.vmid}-disk`, 'g'), `vm-${newid}-disk`) : value;
      }
      if (options.name) config[source.type === 'qemu' ? 'name' : 'hostname'] = options.name;
      config.digest = createHash('sha1')
        .update(`${newid}:${JSON.stringify(config)}`)
        .digest('hex');
      for (const key of Object.keys(config)) {
        if (!/^net\d+$/.test(key)) continue;
        const mac = `BC:24:11:${[newid >> 16, newid >> 8, newid].map((byte) => (byte & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
        config[key] = String(config[key]).replace(/([0-9A-F]{2}:){5}[0-9A-F]{2}/i, mac);
      }
      placeholder.config = config;
      delete placeholder.lock;
      return [];
    },
  });
}
