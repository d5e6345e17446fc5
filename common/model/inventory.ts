import type { PlatformKind } from './platform';

/** The kinds every platform maps onto (see architecture.md, "Backends"). */
export const objectKinds = ['site', 'cluster', 'host', 'vm', 'template', 'storage', 'network', 'snapshot', 'tenant'] as const;
export type ObjectKind = (typeof objectKinds)[number];

/** Native states map onto this one enum; `unknown` is the fallback. */
export const objectStates = [
  'running',
  'stopped',
  'suspended',
  'paused',
  'online',
  'offline',
  'maintenance',
  'available',
  'degraded',
  'error',
  'unknown',
] as const;
export type ObjectState = (typeof objectStates)[number];

export const relationTypes = ['runs-on', 'stored-on', 'attached-to', 'member-of', 'routes-to', 'snapshot-of'] as const;
export type RelationType = (typeof relationTypes)[number];

/** `<connectionId>/<kind>/<nativeId>` — stable across syncs. */
export type ObjectId = string;

export function objectId(connectionId: string, kind: ObjectKind, nativeId: string): ObjectId {
  return `${connectionId}/${kind}/${nativeId}`;
}

export function parseObjectId(id: ObjectId): { connectionId: string; kind: ObjectKind; nativeId: string } | undefined {
  const first = id.indexOf('/');
  const second = id.indexOf('/', first + 1);
  if (first <= 0 || second <= first + 1) return undefined;
  const kind = id.slice(first + 1, second);
  if (!(objectKinds as readonly string[]).includes(kind)) return undefined;
  return { connectionId: id.slice(0, first), kind: kind as ObjectKind, nativeId: id.slice(second + 1) };
}

/** An outgoing edge. Relations belong to the object they start from. */
export interface Relation {
  type: RelationType;
  to: ObjectId;
  /** What carries the relation, e.g. a disk ("scsi0") or a NIC ("net0"). */
  via?: string;
}

export interface VirtualDisk {
  label: string;
  capacityBytes?: number;
  storageId?: ObjectId;
  /** Native location, e.g. "[datastore1] vm/vm.vmdk" or "local-lvm:vm-100-disk-0". */
  path?: string;
}

export interface VirtualNic {
  label: string;
  mac?: string;
  networkId?: ObjectId;
  vlan?: number;
  ipAddresses?: string[];
  model?: string;
}

/** Common facts, typed, present where the platform knows them. */
export interface ObjectFacts {
  cpuCount?: number;
  memoryBytes?: number;
  /** Provisioned disk of a guest, or total capacity of storage. */
  capacityBytes?: number;
  usedBytes?: number;
  ipAddresses?: string[];
  macAddresses?: string[];
  uuid?: string;
  guestOs?: string;
  hostName?: string;
  tags?: string[];
  notes?: string;
  version?: string;
  uptimeSeconds?: number;
  disks?: VirtualDisk[];
  nics?: VirtualNic[];
  /** Storage facts: the platform's storage type (volume type, datastore type, storage plugin). */
  storageType?: string;
  /** Network facts. */
  vlan?: number;
  cidr?: string;
  /** Snapshot facts. */
  createdAt?: string;
}

export interface InventoryObject {
  id: ObjectId;
  connectionId: string;
  platform: PlatformKind;
  kind: ObjectKind;
  nativeId: string;
  /** The platform's own type name, e.g. "VirtualMachine", "lxc", "server". */
  nativeType: string;
  name: string;
  state: ObjectState;
  /** Where the object sits in the tree (site → cluster → host → vm …). */
  parentId?: ObjectId;
  facts: ObjectFacts;
  relations: Relation[];
  /** The native properties kept whole, for the detail pane. */
  native: Record<string, unknown>;
}

/**
 * Inventory flows as deltas: begin · upsert* · remove* · commit.
 * A full sync (`begin.full`) replaces everything the connection had once committed;
 * a partial one changes only what it names. Nothing is applied before `commit`.
 */
export type InventoryDelta =
  | { op: 'begin'; full: boolean }
  | { op: 'upsert'; objects: InventoryObject[] }
  | { op: 'remove'; ids: ObjectId[] }
  | { op: 'commit'; cursor?: string; notes?: string[] };
