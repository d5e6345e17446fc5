import type { MoRef } from '../../soap/xml-node';

/** The simulator's managed entities: plain mutable records, one per vSphere object. */

interface EntityBase {
  ref: MoRef;
  name: string;
  /** The inventory parent (absent for the root folder and for VMs inside a vApp). */
  parent?: MoRef;
}

export interface SimFolder extends EntityBase {
  type: 'Folder';
  childTypes: string[];
}

export interface SimDatacenter extends EntityBase {
  type: 'Datacenter';
  vmFolder: MoRef;
  hostFolder: MoRef;
  datastoreFolder: MoRef;
  networkFolder: MoRef;
}

/** A cluster, or the ComputeResource wrapping a standalone host. */
export interface SimComputeResource extends EntityBase {
  type: 'ClusterComputeResource' | 'ComputeResource';
  rootPool: MoRef;
  drs: boolean;
  ha: boolean;
}

export interface SimHost extends EntityBase {
  type: 'HostSystem';
  cpuModel: string;
  cpuMhz: number;
  cores: number;
  threads: number;
  memoryBytes: number;
  uuid: string;
  product: string;
  bootTime: Date;
  connectionState: 'connected' | 'disconnected' | 'notResponding';
  powerState: 'poweredOn' | 'poweredOff' | 'standBy';
  maintenance: boolean;
  managementIp: string;
  managementMac: string;
  datastores: MoRef[];
  networks: MoRef[];
}

/** A resource pool, or a vApp (ref.type tells). */
export interface SimPool extends EntityBase {
  type: 'ResourcePool' | 'VirtualApp';
  owner: MoRef;
}

export interface SimDatastore extends EntityBase {
  type: 'Datastore';
  capacity: number;
  freeSpace: number;
  fsType: string;
  url: string;
  accessible: boolean;
}

export interface SimStoragePod extends EntityBase {
  type: 'StoragePod';
}

/** A standard network, a distributed portgroup or an opaque (NSX) network. */
export interface SimNetwork extends EntityBase {
  type: 'Network' | 'DistributedVirtualPortgroup' | 'OpaqueNetwork';
  dvs?: MoRef;
  vlan?: number;
  opaqueId?: string;
}

export interface SimSwitch extends EntityBase {
  type: 'VmwareDistributedVirtualSwitch';
  uuid: string;
  portgroups: MoRef[];
}

export interface SimDisk {
  key: number;
  label: string;
  capacityKB: number;
  datastore: MoRef;
  fileName: string;
}

export interface SimNic {
  key: number;
  label: string;
  /** vim25 device type: VirtualVmxnet3, VirtualE1000e … */
  deviceType: string;
  mac: string;
  network: MoRef;
  ipAddresses: string[];
}

export interface SimSnapshot {
  ref: MoRef;
  name: string;
  description: string;
  id: number;
  createTime: Date;
  powerState: SimVm['powerState'];
  /** Whether the VM's memory was captured (a revert then returns to the same power state). */
  memory: boolean;
  quiesced: boolean;
  children: SimSnapshot[];
}

export interface SimVm extends EntityBase {
  type: 'VirtualMachine';
  pool: MoRef;
  host: MoRef;
  template: boolean;
  powerState: 'poweredOn' | 'poweredOff' | 'suspended';
  bootTime?: Date;
  uuid: string;
  instanceUuid: string;
  guestId: string;
  guestFullName: string;
  annotation: string;
  hardwareVersion: string;
  cpus: number;
  memoryMB: number;
  disks: SimDisk[];
  nics: SimNic[];
  toolsInstalled: boolean;
  hostName?: string;
  committedBytes: number;
  snapshots: SimSnapshot[];
  currentSnapshot?: MoRef;
  nextSnapshotId: number;
}

export type SimEntity =
  SimFolder | SimDatacenter | SimComputeResource | SimHost | SimPool | SimDatastore | SimStoragePod | SimNetwork | SimSwitch | SimVm;

/** vim25 type inheritance, as far as property specs and views need it. */
const supertypes: Record<string, readonly string[]> = {
  ClusterComputeResource: ['ComputeResource'],
  VirtualApp: ['ResourcePool'],
  DistributedVirtualPortgroup: ['Network'],
  OpaqueNetwork: ['Network'],
  VmwareDistributedVirtualSwitch: ['DistributedVirtualSwitch'],
  StoragePod: ['Folder'],
};

/** True when an object of `type` is a `wanted` (itself, a subtype, or any ManagedEntity). */
export function isA(type: string, wanted: string): boolean {
  if (type === wanted || wanted === 'ManagedEntity') return true;
  return (supertypes[type] ?? []).some((parent) => isA(parent, wanted));
}

/** What a container view descends through: the parent, or the vApp of a VM inside one. */
export function containerOf(entity: SimEntity): MoRef | undefined {
  if (entity.parent) return entity.parent;
  return entity.type === 'VirtualMachine' ? entity.pool : undefined;
}

/** Every snapshot of a tree, depth first, with its parent. */
export function* walkSnapshots(
  trees: readonly SimSnapshot[],
  parent?: SimSnapshot,
): Generator<{ snapshot: SimSnapshot; parent?: SimSnapshot }> {
  for (const snapshot of trees) {
    yield parent ? { snapshot, parent } : { snapshot };
    yield* walkSnapshots(snapshot.children, snapshot);
  }
}
