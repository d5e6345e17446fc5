import type { InventoryObject, ObjectState, Relation, VirtualDisk, VirtualNic } from '../../../common/model/inventory';
import { readBoolean, readInteger, readNumber, readString } from '../api/lenient';
import { parsePropertyString } from '../api/property-string';
import { readDisks, readNics, type GuestType } from './guest-devices';
import type { LinkResolver } from './links';
import { withoutLiveUsage } from './live-usage';

/** What a sync learned about one guest beyond its /cluster/resources row. */
export interface GuestDetail {
  config?: Record<string, unknown>;
  /** IPs by upper-case MAC, from the guest agent (qemu) or the container's interfaces (lxc). */
  addresses?: Map<string, string[]>;
  /** QEMU's own run state: running, paused, suspended, prelaunch, io-error … */
  qmpStatus?: string;
}

export interface GuestRef {
  vmid: string;
  node: string;
  type: GuestType;
  template: boolean;
}

/** vmid, node, type and template flag of a `qemu`/`lxc` row of /cluster/resources. */
export function guestRef(row: Record<string, unknown>): GuestRef | undefined {
  const type = readString(row.type);
  if (type !== 'qemu' && type !== 'lxc') return undefined;
  const vmid = readString(row.vmid) ?? readString(row.id)?.split('/')[1];
  const node = readString(row.node);
  if (!vmid || !/^\d+$/.test(vmid) || !node) return undefined;
  return { vmid, node, type, template: readBoolean(row.template) ?? false };
}

function guestState(row: Record<string, unknown>, detail: GuestDetail, template: boolean): ObjectState {
  if (template) return 'available';
  const status = readString(row.status);
  const lock = readString(row.lock) ?? readString(detail.config?.lock);
  if (status === 'running') {
    if (detail.qmpStatus === 'paused' || detail.qmpStatus === 'prelaunch') return 'paused';
    if (detail.qmpStatus === 'suspended') return 'suspended';
    if (detail.qmpStatus === 'io-error' || detail.qmpStatus === 'internal-error') return 'error';
    return 'running';
  }
  if (status === 'stopped') return lock === 'suspended' ? 'suspended' : 'stopped';
  if (status === 'paused') return 'paused';
  return 'unknown';
}

function cpuCount(type: GuestType, row: Record<string, unknown>, config: Record<string, unknown>): number | undefined {
  if (type === 'qemu') {
    const vcpus = readInteger(config.vcpus);
    if (vcpus) return vcpus;
    if (config.cores !== undefined || config.sockets !== undefined) {
      return (readInteger(config.sockets) ?? 1) * (readInteger(config.cores) ?? 1);
    }
  } else {
    const cores = readInteger(config.cores);
    if (cores) return cores;
  }
  return readInteger(row.maxcpu);
}

/** qemu `memory` may be a property string (`current=4096`); both are MiB. */
function memoryBytes(row: Record<string, unknown>, config: Record<string, unknown>): number | undefined {
  const raw = config.memory;
  const mib = readInteger(raw) ?? readInteger(typeof raw === 'string' ? parsePropertyString(raw).values.current : undefined);
  return mib !== undefined ? mib * 1024 * 1024 : readInteger(row.maxmem);
}

const splitTags = (text: string | undefined): string[] => (text ?? '').split(/[;,\s]+/).filter(Boolean);

/**
 * A `qemu`/`lxc` row of /cluster/resources plus its detail → a vm (or template) object
 * that runs on its node, is stored on its storages (via the disk key), attached to its
 * bridges or vnets (via the NIC key) and member of its pool.
 */
export function mapGuest(links: LinkResolver, row: Record<string, unknown>, detail: GuestDetail = {}): InventoryObject | undefined {
  const ref = guestRef(row);
  if (!ref) return undefined;
  const { ids } = links;
  const config = detail.config ?? {};
  const hostId = ids.host(ref.node);
  const relations: Relation[] = [{ type: 'runs-on', to: hostId }];

  const disks: VirtualDisk[] = readDisks(ref.type, config).map((disk) => {
    const virtual: VirtualDisk = { label: disk.key, path: disk.volume };
    if (disk.sizeBytes !== undefined) virtual.capacityBytes = disk.sizeBytes;
    const storageId = disk.storage ? links.storage(ref.node, disk.storage) : undefined;
    if (storageId) {
      virtual.storageId = storageId;
      relations.push({ type: 'stored-on', to: storageId, via: disk.key });
    }
    return virtual;
  });

  const allAddresses: string[] = [];
  const nics: VirtualNic[] = readNics(ref.type, config).map((nic) => {
    const virtual: VirtualNic = { label: nic.key };
    if (nic.mac) virtual.mac = nic.mac;
    if (nic.model) virtual.model = nic.model;
    if (nic.vlan !== undefined) virtual.vlan = nic.vlan;
    const networkId = nic.bridge ? links.network(ref.node, nic.bridge) : undefined;
    if (networkId) {
      virtual.networkId = networkId;
      relations.push({ type: 'attached-to', to: networkId, via: nic.key });
    }
    const addresses = nic.mac ? detail.addresses?.get(nic.mac) : undefined;
    if (addresses) {
      virtual.ipAddresses = addresses;
      allAddresses.push(...addresses);
    }
    return virtual;
  });

  const pool = readString(row.pool);
  const poolId = pool ? links.pool(pool) : undefined;
  if (poolId) relations.push({ type: 'member-of', to: poolId });

  const facts: InventoryObject['facts'] = {};
  const cpus = cpuCount(ref.type, row, config);
  if (cpus !== undefined) facts.cpuCount = cpus;
  const memory = memoryBytes(row, config);
  if (memory !== undefined) facts.memoryBytes = memory;
  const provisioned = disks.reduce((sum, disk) => sum + (disk.capacityBytes ?? 0), 0);
  const capacity = provisioned > 0 ? provisioned : readInteger(row.maxdisk);
  if (capacity !== undefined) facts.capacityBytes = capacity;
  if (ref.type === 'lxc') {
    const used = readInteger(row.disk);
    if (used !== undefined) facts.usedBytes = used;
  }
  if (disks.length > 0) facts.disks = disks;
  if (nics.length > 0) {
    facts.nics = nics;
    const macs = nics.flatMap((nic) => (nic.mac ? [nic.mac] : []));
    if (macs.length > 0) facts.macAddresses = macs;
  }
  if (allAddresses.length > 0) facts.ipAddresses = [...new Set(allAddresses)];
  const uuid = readString(config.smbios1) ? parsePropertyString(readString(config.smbios1) as string).values.uuid : undefined;
  if (uuid) facts.uuid = uuid;
  const ostype = readString(config.ostype);
  if (ostype) facts.guestOs = ostype;
  const hostname = readString(config.hostname);
  if (hostname) facts.hostName = hostname;
  const tags = splitTags(readString(row.tags) ?? readString(config.tags));
  if (tags.length > 0) facts.tags = tags;
  const notes = readString(config.description);
  if (notes) facts.notes = notes;
  const uptime = readNumber(row.uptime);
  if (uptime && readString(row.status) === 'running') facts.uptimeSeconds = uptime;

  const native: Record<string, unknown> = { resource: withoutLiveUsage(row) };
  if (detail.config) native.config = detail.config;
  if (detail.qmpStatus) native.qmpstatus = detail.qmpStatus;
  const hastate = readString(row.hastate);
  if (hastate) native.hastate = hastate;

  return {
    id: ids.guest(ref.vmid, ref.template),
    connectionId: ids.connectionId,
    platform: 'proxmox',
    kind: ref.template ? 'template' : 'vm',
    nativeId: ref.vmid,
    nativeType: ref.type,
    name:
      readString(row.name) ?? readString(config.name) ?? readString(config.hostname) ?? `${ref.type === 'qemu' ? 'VM' : 'CT'} ${ref.vmid}`,
    state: guestState(row, detail, ref.template),
    parentId: hostId,
    facts,
    relations,
    native,
  };
}
