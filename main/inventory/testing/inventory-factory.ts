import { SeededRandom } from '../../../backends/core/simulator/random';
import { objectId, type InventoryDelta, type InventoryObject, type ObjectKind, type Relation } from '../../../common/model/inventory';
import type { PlatformKind } from '../../../common/model/platform';
import type { SyncTarget } from '../model';

/**
 * Builders of inventories and delta streams for the store's tests and benchmark: objects
 * shaped like each platform's, generated from a seed, never copy-pasted fixtures.
 */

const nativeTypes: Record<PlatformKind, Record<ObjectKind, string>> = {
  vsphere: {
    site: 'Datacenter',
    cluster: 'ClusterComputeResource',
    host: 'HostSystem',
    vm: 'VirtualMachine',
    template: 'VirtualMachine',
    storage: 'Datastore',
    network: 'DistributedVirtualPortgroup',
    snapshot: 'VirtualMachineSnapshot',
    tenant: 'ResourcePool',
  },
  openstack: {
    site: 'region',
    cluster: 'availability-zone',
    host: 'hypervisor',
    vm: 'server',
    template: 'image',
    storage: 'volume-type',
    network: 'network',
    snapshot: 'snapshot',
    tenant: 'project',
  },
  proxmox: {
    site: 'cluster',
    cluster: 'cluster',
    host: 'node',
    vm: 'qemu',
    template: 'template',
    storage: 'storage',
    network: 'bridge',
    snapshot: 'snapshot',
    tenant: 'pool',
  },
};

export function syncTarget(connectionId: string, platform: PlatformKind = 'vsphere', name = connectionId): SyncTarget {
  return { id: connectionId, name, platform };
}

/** One object with sensible defaults; pass only what the test is about. */
export function makeObject(
  connectionId: string,
  kind: ObjectKind,
  nativeId: string,
  overrides: Partial<Omit<InventoryObject, 'id' | 'connectionId' | 'kind' | 'nativeId'>> = {},
): InventoryObject {
  const platform = overrides.platform ?? 'vsphere';
  return {
    id: objectId(connectionId, kind, nativeId),
    connectionId,
    platform,
    kind,
    nativeId,
    nativeType: nativeTypes[platform][kind],
    name: `${kind}-${nativeId}`,
    state: kind === 'vm' ? 'running' : 'available',
    facts: {},
    relations: [],
    native: {},
    ...overrides,
  };
}

export interface LabShape {
  connectionId: string;
  platform: PlatformKind;
  clusters: number;
  hostsPerCluster: number;
  vmsPerHost: number;
  datastores: number;
  networks: number;
  /** Share of VMs with one snapshot. */
  snapshotShare?: number;
  seed?: number;
}

const guestSystems = [
  'Ubuntu Linux (64-bit)',
  'Red Hat Enterprise Linux 9 (64-bit)',
  'Microsoft Windows Server 2022 (64-bit)',
  'Debian GNU/Linux 12 (64-bit)',
  'Rocky Linux 9',
];
const roles = ['web', 'db', 'cache', 'queue', 'app', 'build', 'mail', 'dns'];
const tagSets = [['prod'], ['prod', 'pci'], ['staging'], ['dev'], ['prod', 'backup'], []];
const gib = 1024 ** 3;

/** A whole lab: site → clusters → hosts → VMs, with storage, networks and snapshots, from a seed. */
export function buildLab(shape: LabShape): InventoryObject[] {
  const random = new SeededRandom(shape.seed ?? 1);
  const { connectionId, platform } = shape;
  const make = (kind: ObjectKind, nativeId: string, overrides: Partial<InventoryObject>): InventoryObject =>
    makeObject(connectionId, kind, nativeId, { platform, ...overrides });
  const site = make('site', 'dc1', { name: `${connectionId}-dc1`, state: 'online' });
  const objects: InventoryObject[] = [site];
  const datastores = Array.from({ length: shape.datastores }, (_, index) =>
    make('storage', `ds${index}`, {
      name: `${connectionId}-ds-${String(index).padStart(2, '0')}`,
      parentId: site.id,
      facts: { capacityBytes: 4096 * gib, usedBytes: random.int(500, 3500) * gib },
      native: { type: random.pick(['VMFS', 'NFS', 'lvmthin', 'ceph']), accessible: true },
    }),
  );
  const networks = Array.from({ length: shape.networks }, (_, index) =>
    make('network', `net${index}`, {
      name: `${connectionId}-vlan-${100 + index}`,
      parentId: site.id,
      facts: { vlan: 100 + index, cidr: `10.${index % 250}.0.0/16` },
      native: { mtu: 1500 },
    }),
  );
  objects.push(...datastores, ...networks);
  let vmNumber = 0;
  for (let c = 0; c < shape.clusters; c += 1) {
    const cluster = make('cluster', `cluster${c}`, {
      name: `${connectionId}-cl${c}`,
      state: 'online',
      parentId: site.id,
      native: { drsEnabled: true },
    });
    objects.push(cluster);
    for (let h = 0; h < shape.hostsPerCluster; h += 1) {
      const hostNumber = c * shape.hostsPerCluster + h;
      const host = make('host', `host${hostNumber}`, {
        name: `esx-${String(hostNumber).padStart(2, '0')}.${connectionId}.lab`,
        state: 'online',
        parentId: cluster.id,
        facts: { cpuCount: 64, memoryBytes: 512 * gib, version: '8.0.2', uptimeSeconds: random.int(1_000, 9_000_000) },
        relations: [{ type: 'member-of', to: cluster.id }],
        native: { vendor: 'Dell Inc.', model: 'PowerEdge R760', connectionState: 'connected' },
      });
      objects.push(host);
      for (let v = 0; v < shape.vmsPerHost; v += 1) {
        const number = vmNumber++;
        objects.push(
          ...buildVm({ random, make, number, connectionId, host, datastores, networks, snapshotShare: shape.snapshotShare ?? 0.1 }),
        );
      }
    }
  }
  return objects;
}

function buildVm(context: {
  random: SeededRandom;
  make: (kind: ObjectKind, nativeId: string, overrides: Partial<InventoryObject>) => InventoryObject;
  number: number;
  connectionId: string;
  host: InventoryObject;
  datastores: InventoryObject[];
  networks: InventoryObject[];
  snapshotShare: number;
}): InventoryObject[] {
  const { random, make, number, host } = context;
  const datastore = random.pick(context.datastores);
  const network = random.pick(context.networks);
  const ip = `10.${number % 250}.${Math.floor(number / 250) % 250}.${(number % 200) + 10}`;
  const mac = random.mac('00');
  const role = random.pick(roles);
  const name = `${role}-${String(number).padStart(5, '0')}`;
  const cpuCount = random.pick([1, 2, 4, 8, 16]);
  const memoryBytes = random.pick([2, 4, 8, 16, 32, 64]) * gib;
  const diskBytes = random.pick([20, 40, 100, 250, 500]) * gib;
  const relations: Relation[] = [{ type: 'runs-on', to: host.id }];
  if (datastore) relations.push({ type: 'stored-on', to: datastore.id, via: 'disk0' });
  if (network) relations.push({ type: 'attached-to', to: network.id, via: 'nic0' });
  const vm = make('vm', `vm${number}`, {
    name,
    state: random.chance(0.8) ? 'running' : 'stopped',
    parentId: host.id,
    facts: {
      cpuCount,
      memoryBytes,
      capacityBytes: diskBytes,
      ipAddresses: [ip],
      macAddresses: [mac],
      uuid: random.uuid(),
      guestOs: random.pick(guestSystems),
      hostName: `${name}.${context.connectionId}.example.org`,
      tags: random.pick(tagSets),
      notes: random.chance(0.1) ? `Owner: team-${role}. Nightly backup.` : '',
      disks: [
        {
          label: 'disk0',
          capacityBytes: diskBytes,
          ...(datastore ? { storageId: datastore.id } : {}),
          path: `[${datastore?.name}] ${name}/${name}.vmdk`,
        },
      ],
      nics: [
        {
          label: 'nic0',
          mac,
          ...(network ? { networkId: network.id } : {}),
          vlan: network?.facts.vlan ?? 0,
          ipAddresses: [ip],
          model: 'vmxnet3',
        },
      ],
    },
    relations,
    native: {
      config: { hardware: { numCPU: cpuCount, memoryMB: memoryBytes / 1024 ** 2 }, annotation: '', firmware: 'efi' },
      guest: { toolsStatus: 'toolsOk', ipAddress: ip },
      summary: { quickStats: { overallCpuUsage: random.int(0, 4000), guestMemoryUsage: random.int(0, 8000) } },
    },
  });
  const objects = [vm];
  if (random.chance(context.snapshotShare)) {
    objects.push(
      make('snapshot', `vm${number}-snap1`, {
        name: `before-upgrade-${number}`,
        state: 'available',
        parentId: vm.id,
        facts: { createdAt: new Date(Date.UTC(2026, 0, 1 + (number % 300))).toISOString() },
        relations: [{ type: 'snapshot-of', to: vm.id }],
      }),
    );
  }
  return objects;
}

/** The objects as one delta group, in batches like a provider sends them. */
export async function* deltaGroup(
  objects: readonly InventoryObject[],
  options: { full?: boolean; batchSize?: number; removed?: readonly string[]; cursor?: string } = {},
): AsyncGenerator<InventoryDelta> {
  const batchSize = options.batchSize ?? 200;
  yield { op: 'begin', full: options.full ?? true };
  for (let start = 0; start < objects.length; start += batchSize) {
    yield { op: 'upsert', objects: objects.slice(start, start + batchSize) };
  }
  if (options.removed && options.removed.length > 0) yield { op: 'remove', ids: [...options.removed] };
  yield { op: 'commit', ...(options.cursor === undefined ? {} : { cursor: options.cursor }) };
}

/** A delta stream (batches of 10) that fails with `error` after `afterBatches` upsert batches. */
export async function* failingDeltaGroup(
  objects: readonly InventoryObject[],
  afterBatches: number,
  error: Error,
): AsyncGenerator<InventoryDelta> {
  let batches = 0;
  for await (const delta of deltaGroup(objects, { batchSize: 10 })) {
    if (delta.op === 'upsert' && batches++ === afterBatches) throw error;
    yield delta;
  }
}

/**
 * The benchmarks' lab for one connection: a share of `totalObjects` (about 0.1 snapshot per VM;
 * hosts, clusters, storage and networks are the rest), the same for the store and the UI benches.
 */
export function benchLab(
  connection: { id: string; platform: PlatformKind },
  totalObjects: number,
  connectionCount: number,
): InventoryObject[] {
  return buildLab({
    connectionId: connection.id,
    platform: connection.platform,
    clusters: benchShape.clusters,
    hostsPerCluster: benchShape.hostsPerCluster,
    vmsPerHost: benchVmsPerHost(totalObjects, connectionCount),
    datastores: 24,
    networks: 20,
    seed: connection.id.length,
  });
}

export const benchShape = { clusters: 4, hostsPerCluster: 16 } as const;

export function benchVmsPerHost(totalObjects: number, connectionCount: number): number {
  return Math.max(1, Math.round((totalObjects / connectionCount - 120) / 1.1 / (benchShape.clusters * benchShape.hostsPerCluster)));
}
