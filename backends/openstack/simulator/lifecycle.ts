import { badRequest, conflict } from './http';
import type { SimFixedIp, SimHypervisor, SimImage, SimInstanceAction, SimPort, SimServer, SimSubnet } from './state';
import type { Caller, SimWorld } from './world';

/** Nova's power_state numbers. */
export const powerStates = { nostate: 0, running: 1, paused: 3, shutdown: 4, suspended: 7 } as const;

/** Nova's API status from vm_state and task_state (nova/api/openstack/common.py). */
export function serverStatus(server: Pick<SimServer, 'vmState' | 'taskState'>): string {
  const task = server.taskState;
  switch (server.vmState) {
    case 'active':
      if (task === 'rebooting' || task === 'reboot_pending' || task === 'reboot_started') return 'REBOOT';
      if (task === 'rebooting_hard' || task === 'reboot_pending_hard' || task === 'reboot_started_hard') return 'HARD_REBOOT';
      if (task === 'migrating') return 'MIGRATING';
      if (task?.startsWith('rebuild')) return 'REBUILD';
      if (task?.startsWith('resize')) return 'RESIZE';
      return 'ACTIVE';
    case 'building':
      return 'BUILD';
    case 'stopped':
      return 'SHUTOFF';
    case 'paused':
      return task === 'migrating' ? 'MIGRATING' : 'PAUSED';
    case 'suspended':
      return 'SUSPENDED';
    case 'error':
      return 'ERROR';
    case 'deleted':
      return 'DELETED';
    case 'shelved':
      return 'SHELVED';
    case 'shelved_offloaded':
      return 'SHELVED_OFFLOADED';
    case 'rescued':
      return 'RESCUE';
    default:
      return 'UNKNOWN';
  }
}

/** Nova's 409 for an action the server's state does not allow. */
export function requireState(server: SimServer, action: string, vmStates: readonly string[]): void {
  if (server.taskState !== null) {
    throw conflict(`Cannot '${action}' instance ${server.id} while it is in task_state ${server.taskState}`);
  }
  if (!vmStates.includes(server.vmState)) {
    throw conflict(`Cannot '${action}' instance ${server.id} while it is in vm_state ${server.vmState}`);
  }
}

export function touch(server: SimServer): void {
  server.updatedAt = Date.now();
}

/** Records an instance action the way Nova does, named by the request id. */
export function recordAction(world: SimWorld, server: SimServer, action: string, caller: Caller, requestId: string): SimInstanceAction {
  const entry: SimInstanceAction = {
    requestId,
    serverId: server.id,
    action,
    userId: caller.userId,
    projectId: caller.projectId,
    startTime: Date.now(),
    updatedAt: Date.now(),
    message: null,
    events: [],
  };
  world.cloud.instanceActions.push(entry);
  return entry;
}

export function finishEvent(action: SimInstanceAction, event: string, host: string | undefined, failure?: string): void {
  const now = Date.now();
  const entry: SimInstanceAction['events'][number] = {
    event,
    startTime: action.startTime,
    finishTime: now,
    result: failure ? 'Error' : 'Success',
  };
  if (host) entry.host = host;
  if (failure) {
    entry.details = failure;
    entry.traceback = `Traceback (most recent call last):\n  ...\nnova.exception.NoValidHost: ${failure}\n`;
    action.message = 'Error';
  }
  action.events.push(entry);
  action.updatedAt = now;
}

/**
 * Runs an action the way nova-compute does: the API sets the task state at once, the
 * change lands after the transition time, then the task state clears.
 */
export function runTask(world: SimWorld, server: SimServer, taskState: string, finish: () => void): void {
  server.taskState = taskState;
  touch(server);
  world.later(() => {
    if (!world.cloud.servers.get(server.id)) return;
    finish();
    server.taskState = null;
    touch(server);
  });
}

export function hypervisorOf(world: SimWorld, server: SimServer): SimHypervisor | undefined {
  return server.hypervisorId ? world.cloud.hypervisors.get(server.hypervisorId) : undefined;
}

/** The enabled hypervisor with the fewest servers, in a zone when one is asked for. */
export function scheduleHost(world: SimWorld, zone: string | undefined, exclude?: string): SimHypervisor | undefined {
  const load = new Map<string, number>();
  for (const server of world.cloud.servers.values()) {
    if (server.hypervisorId) load.set(server.hypervisorId, (load.get(server.hypervisorId) ?? 0) + 1);
  }
  let best: SimHypervisor | undefined;
  for (const hypervisor of world.cloud.hypervisors.values()) {
    if (hypervisor.status !== 'enabled' || hypervisor.state !== 'up' || hypervisor.id === exclude) continue;
    if (zone && hypervisor.availabilityZone !== zone) continue;
    if (!best || (load.get(hypervisor.id) ?? 0) < (load.get(best.id) ?? 0)) best = hypervisor;
  }
  return best;
}

/** The next free host address of a subnet ("10.0.0.0/16" → 10.0.0.2, 10.0.0.3 …). */
export function allocateAddress(subnet: SimSubnet): string {
  const [network, bits] = subnet.cidr.split('/');
  if (subnet.ipVersion === 6) {
    subnet.nextHost += 1;
    return `${(network ?? '').replace(/::$/, '')}::${subnet.nextHost.toString(16)}`;
  }
  const base = (network ?? '0.0.0.0').split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  subnet.nextHost += 1;
  if (subnet.nextHost >= size - 1) throw conflict(`No more IP addresses available on network ${subnet.networkId}.`);
  const address = base + subnet.nextHost;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

export interface NewPort {
  networkId: string;
  projectId: string;
  deviceId?: string;
  deviceOwner?: string;
  name?: string;
  subnetId?: string;
  bindingHost?: string;
  status?: SimPort['status'];
  securityGroupIds?: string[];
}

export function createPort(world: SimWorld, spec: NewPort): SimPort {
  const cloud = world.cloud;
  if (!cloud.networks.get(spec.networkId)) throw badRequest(`Network ${spec.networkId} could not be found.`);
  const subnets = [...cloud.subnets.values()].filter(
    (subnet) => subnet.networkId === spec.networkId && (!spec.subnetId || subnet.id === spec.subnetId),
  );
  const v4 = subnets.find((subnet) => subnet.ipVersion === 4) ?? subnets[0];
  const fixedIps: SimFixedIp[] = v4 ? [{ subnetId: v4.id, ipAddress: allocateAddress(v4) }] : [];
  const now = Date.now();
  const port: SimPort = {
    id: world.uuid(),
    name: spec.name ?? '',
    networkId: spec.networkId,
    projectId: spec.projectId,
    macAddress: world.random.mac('fa').toLowerCase(),
    fixedIps,
    deviceId: spec.deviceId ?? '',
    deviceOwner: spec.deviceOwner ?? '',
    status: spec.status ?? (spec.bindingHost ? 'ACTIVE' : 'DOWN'),
    adminStateUp: true,
    securityGroupIds: spec.securityGroupIds ?? defaultSecurityGroups(world, spec.projectId, spec.deviceOwner),
    bindingHost: spec.bindingHost ?? '',
    description: '',
    tags: [],
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
  return cloud.ports.put(port);
}

function defaultSecurityGroups(world: SimWorld, projectId: string, owner: string | undefined): string[] {
  if (owner && owner.startsWith('network:')) return [];
  const group = [...world.cloud.securityGroups.values()].find(
    (candidate) => candidate.projectId === projectId && candidate.name === 'default',
  );
  return group ? [group.id] : [];
}

export function bumpPort(port: SimPort, change: Partial<SimPort>): void {
  Object.assign(port, change);
  port.revision += 1;
  port.updatedAt = Date.now();
}

export function portsOf(world: SimWorld, deviceId: string): SimPort[] {
  return [...world.cloud.ports.values()].filter((port) => port.deviceId === deviceId);
}

/** A Glance image made from a server (createImage, shelve), queued until the upload ends. */
export function snapshotImage(world: SimWorld, server: SimServer, name: string, metadata: Record<string, string>): SimImage {
  const now = Date.now();
  const base = server.imageId ? world.cloud.images.get(server.imageId) : undefined;
  const image: SimImage = {
    id: world.uuid(),
    name,
    ownerId: server.projectId,
    status: 'queued',
    visibility: 'private',
    diskFormat: base?.diskFormat ?? 'qcow2',
    containerFormat: base?.containerFormat ?? 'bare',
    size: null,
    virtualSize: null,
    minDisk: base?.minDisk ?? 0,
    minRam: base?.minRam ?? 0,
    protected: false,
    tags: [],
    checksum: null,
    properties: {
      ...metadata,
      image_type: 'snapshot',
      instance_uuid: server.id,
      user_id: server.userId,
      owner_project_name: world.cloud.projects.get(server.projectId)?.name ?? '',
      owner_user_name: world.cloud.users.get(server.userId)?.name ?? '',
      base_image_ref: server.imageId,
    },
    createdAt: now,
    updatedAt: now,
  };
  world.cloud.images.put(image);
  return image;
}

export function finishUpload(image: SimImage, size: number): void {
  image.status = 'active';
  image.size = size;
  image.virtualSize = null;
  image.checksum = 'd41d8cd98f00b204e9800998ecf8427e';
  image.updatedAt = Date.now();
}

export interface HostUsage {
  servers: number;
  vcpus: number;
  ram: number;
  disk: number;
}

const usageTtlMs = 500;
const usageCache = new WeakMap<SimWorld, { at: number; byHost: Map<string, HostUsage> }>();

/**
 * What the servers on each hypervisor use (flavor sizes), in one pass over the servers.
 * Kept for half a second: a full sync asks for every hypervisor in a burst.
 */
export function hostUsage(world: SimWorld, hypervisorId: string): HostUsage {
  let cached = usageCache.get(world);
  if (!cached || Date.now() - cached.at > usageTtlMs) {
    const byHost = new Map<string, HostUsage>();
    for (const server of world.cloud.servers.values()) {
      if (!server.hypervisorId) continue;
      const flavor = world.cloud.flavors.get(server.flavorId);
      const usage = byHost.get(server.hypervisorId) ?? { servers: 0, vcpus: 0, ram: 0, disk: 0 };
      usage.servers += 1;
      usage.vcpus += flavor?.vcpus ?? 0;
      usage.ram += flavor?.ram ?? 0;
      usage.disk += flavor?.disk ?? 0;
      byHost.set(server.hypervisorId, usage);
    }
    cached = { at: Date.now(), byHost };
    usageCache.set(world, cached);
  }
  return cached.byHost.get(hypervisorId) ?? { servers: 0, vcpus: 0, ram: 0, disk: 0 };
}
