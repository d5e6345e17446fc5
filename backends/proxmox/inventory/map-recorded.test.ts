import { describe, expect, it } from 'vitest';
import { guestSample } from '../metrics/live-sample';
import { rrdSeries } from '../metrics/rrd-series';
import { recordedData } from '../testing/shared-contracts';
import { readGuestAddresses } from './guest-devices';
import { ProxmoxIds } from './ids';
import { LinkResolver } from './links';
import { mapCluster, mapNode, readClusterStatus } from './map-cluster';
import { mapGuest } from './map-guest';
import { mappedInterfaces, mapNodeInterfaces } from './map-network';
import { mapStorages } from './map-storage';

const ids = new ProxmoxIds('lab');
const resources = recordedData('cluster-resources.json') as Record<string, unknown>[];
const ofType = (type: string): Record<string, unknown>[] => resources.filter((row) => row.type === type);
const row = (id: string): Record<string, unknown> => resources.find((candidate) => candidate.id === id) as Record<string, unknown>;

/** The recorded cluster: 4 nodes, local-zfs/local/cloud-init storages, node2's vmbr0 from the recorded network list. */
function recordedLinks(): LinkResolver {
  const links = new LinkResolver(ids, ids.cluster('node3'));
  for (const storage of ofType('storage')) links.addStorageRow(storage);
  for (const iface of mappedInterfaces(recordedData('node-network.json'))) links.addInterface('node2', iface.iface as string);
  return links;
}

describe('mapping recorded /cluster/resources rows', () => {
  const status = readClusterStatus(undefined);

  it('maps nodes with their capacity, state and place in the cluster', () => {
    const cluster = mapCluster(ids, status, ofType('node'));
    expect(cluster).toMatchObject({ kind: 'cluster', state: 'online', native: { nodes: 4, onlineNodes: 4 } });
    const node = mapNode(ids, row('node/node2'), status, cluster.id);
    expect(node).toMatchObject({
      id: 'lab/host/node2',
      kind: 'host',
      name: 'node2',
      state: 'online',
      parentId: cluster.id,
      facts: { cpuCount: 12, memoryBytes: 33567911936, capacityBytes: 940166742016, usedBytes: 2797338624, uptimeSeconds: 874373 },
      relations: [{ type: 'member-of', to: cluster.id }],
    });
  });

  it('keeps node-local storages apart per node', () => {
    const storages = mapStorages(ids, ofType('storage'), ids.cluster('node3'));
    expect(storages).toHaveLength(12);
    expect(storages.find((storage) => storage.id === 'lab/storage/node1/local-zfs')).toMatchObject({
      nativeType: 'zfspool',
      state: 'available',
      parentId: 'lab/host/node1',
      facts: { capacityBytes: 955016175616, usedBytes: 14446702592 },
      relations: [{ type: 'attached-to', to: 'lab/host/node1' }],
    });
  });

  it('maps a template as kind template and a running VM as running on its node', () => {
    const links = recordedLinks();
    expect(mapGuest(links, row('qemu/101'))).toMatchObject({
      id: 'lab/template/101',
      kind: 'template',
      name: 'leap154',
      state: 'available',
      parentId: 'lab/host/node1',
    });
    expect(mapGuest(links, row('qemu/100'))).toMatchObject({
      id: 'lab/vm/100',
      kind: 'vm',
      state: 'running',
      facts: { cpuCount: 1, memoryBytes: 1073741824, capacityBytes: 34359738368, uptimeSeconds: 874350 },
      relations: [{ type: 'runs-on', to: 'lab/host/node2' }],
    });
    expect(mapGuest(links, row('qemu/102'))?.facts.tags).toEqual(['go-proxmox+cloud-init']);
  });

  it('keeps the row in native without the live usage numbers, so a resync does not make a new version', () => {
    const native = mapGuest(recordedLinks(), row('qemu/100'))?.native.resource as Record<string, unknown>;
    expect(native).toMatchObject({ id: 'qemu/100', status: 'running', maxmem: 1073741824, maxdisk: 34359738368 });
    for (const key of ['cpu', 'mem', 'netin', 'netout', 'diskread', 'diskwrite', 'uptime']) expect(native, key).not.toHaveProperty(key);
  });

  it('accepts a vmid sent as a string and a row that leaves keys out', () => {
    const sparse = { id: 'lxc/105', type: 'lxc', vmid: '105', node: 'node1', status: 'stopped' };
    expect(mapGuest(recordedLinks(), sparse)).toMatchObject({
      id: 'lab/vm/105',
      nativeType: 'lxc',
      name: 'CT 105',
      state: 'stopped',
      facts: {},
    });
  });

  it('links disks to their storage and NICs to their bridge, carried by the device key', () => {
    const config = {
      name: 'server1',
      cores: 2,
      sockets: 2,
      memory: '4096',
      scsi0: 'local-zfs:vm-100-disk-0,iothread=1,size=32G',
      ide2: 'local:iso/debian-12.iso,media=cdrom,size=628M',
      net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,tag=20,firewall=1',
      net1: 'e1000=BC:24:11:00:00:02,bridge=vmbr9',
      agent: '1',
      description: '<img src=x onerror=alert(1)>',
    };
    const addresses = readGuestAddresses({
      result: [
        {
          name: 'lo',
          'hardware-address': '00:00:00:00:00:00',
          'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }],
        },
        {
          name: 'ens18',
          'hardware-address': 'bc:24:11:00:00:01',
          'ip-addresses': [
            { 'ip-address': '192.168.5.20', 'ip-address-type': 'ipv4', prefix: 24 },
            { 'ip-address': 'fe80::1', 'ip-address-type': 'ipv6', prefix: 64 },
          ],
        },
      ],
    });
    const vm = mapGuest(recordedLinks(), row('qemu/100'), { config, addresses, qmpStatus: 'paused' });
    expect(vm?.state).toBe('paused');
    expect(vm?.facts).toMatchObject({
      cpuCount: 4,
      memoryBytes: 4096 * 1024 * 1024,
      capacityBytes: 32 * 1024 ** 3,
      ipAddresses: ['192.168.5.20'],
      macAddresses: ['BC:24:11:00:00:01', 'BC:24:11:00:00:02'],
      notes: '<img src=x onerror=alert(1)>',
      disks: [{ label: 'scsi0', path: 'local-zfs:vm-100-disk-0', capacityBytes: 32 * 1024 ** 3, storageId: 'lab/storage/node2/local-zfs' }],
      nics: [
        {
          label: 'net0',
          mac: 'BC:24:11:00:00:01',
          model: 'virtio',
          vlan: 20,
          networkId: 'lab/network/node2/vmbr0',
          ipAddresses: ['192.168.5.20'],
        },
        { label: 'net1', mac: 'BC:24:11:00:00:02', model: 'e1000' },
      ],
    });
    expect(vm?.relations).toEqual([
      { type: 'runs-on', to: 'lab/host/node2' },
      { type: 'stored-on', to: 'lab/storage/node2/local-zfs', via: 'scsi0' },
      { type: 'attached-to', to: 'lab/network/node2/vmbr0', via: 'net0' },
    ]);
  });
});

describe('mapping other recorded answers', () => {
  it('maps a node list row (GET /nodes)', () => {
    const rows = recordedData('nodes.json') as Record<string, unknown>[];
    const node = mapNode(ids, rows[0] as Record<string, unknown>, readClusterStatus(undefined), ids.cluster('c'));
    expect(node).toMatchObject({ id: 'lab/host/node1', state: 'online', facts: { cpuCount: 12, memoryBytes: 33568288768 } });
  });

  it('maps a node bridge from its network list and leaves physical ports out', () => {
    const rows = mappedInterfaces(recordedData('node-network.json'));
    expect(rows.map((iface) => iface.iface)).toEqual(['vmbr0']);
    expect(mapNodeInterfaces(ids, 'node2', rows)).toEqual([
      expect.objectContaining({
        id: 'lab/network/node2/vmbr0',
        nativeType: 'bridge',
        state: 'available',
        facts: { cidr: '192.168.5.1/24', ipAddresses: ['192.168.5.1'] },
        relations: [{ type: 'runs-on', to: 'lab/host/node2' }],
      }),
    ]);
  });

  it('reads live numbers from a real status/current answer', () => {
    expect(guestSample(recordedData('qemu-status-current.json'))).toEqual({
      gauges: { 'cpu.usage': 0.0112815646165076, 'memory.used': 1127792640, 'memory.total': 2097152000, 'disk.total': 18467520512 },
      counters: { netin: 547369168, netout: 14139344, diskread: 649793308, diskwrite: 1515457024 },
    });
  });

  it('turns the rrd of a stopped VM into the series it has, and no CPU series', () => {
    const series = rrdSeries('lab/vm/101', 'guest', recordedData('qemu-rrddata-hour.json'));
    expect(series.map((entry) => entry.metric).sort()).toEqual(['disk.total', 'disk.used', 'memory.total']);
    const total = series.find((entry) => entry.metric === 'memory.total');
    expect(total?.points).toHaveLength(70);
    expect(total?.points[0]).toEqual({ t: 1693110660_000, v: 16777216000 });
  });
});
