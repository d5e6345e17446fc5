import { SeededRandom } from '../../../core/simulator/random';
import type { MoRef } from '../../soap/xml-node';
import type { SimComputeResource, SimDatastore, SimDisk, SimHost, SimNic, SimPool, SimSnapshot, SimVm } from '../model/entities';
import { SimInventory } from '../model/inventory-model';
import { hostileVmName, type LabSize } from './lab-size';

const guestSystems = [
  { id: 'ubuntu64Guest', name: 'Ubuntu Linux (64-bit)' },
  { id: 'rhel9_64Guest', name: 'Red Hat Enterprise Linux 9 (64-bit)' },
  { id: 'debian12_64Guest', name: 'Debian GNU/Linux 12 (64-bit)' },
  { id: 'windows2019srvNext_64Guest', name: 'Microsoft Windows Server 2022 (64-bit)' },
  { id: 'windows2019srv_64Guest', name: 'Microsoft Windows Server 2019 (64-bit)' },
  { id: 'rockylinux_64Guest', name: 'Rocky Linux (64-bit)' },
] as const;
const roles = ['web', 'app', 'db', 'cache', 'mq', 'k8s-node', 'ci-runner', 'mon', 'dns', 'backup', 'proxy', 'ldap'];
const poolNames = ['Production', 'Test', 'Batch', 'Sandbox', 'Staging', 'Research'];
const folderNames = ['Production', 'Test', 'Infrastructure', 'Development', 'Customers', 'Archive'];
const templateNames = ['tpl-ubuntu-22.04', 'tpl-windows-2022', 'tpl-rhel-9', 'tpl-debian-12'];
const snapshotNames = ['before-upgrade', 'after-patch', 'pre-release'];
const nicTypes = ['VirtualVmxnet3', 'VirtualVmxnet3', 'VirtualE1000e'];
const clusterLetters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const day = 86_400_000;

interface ClusterSlot {
  cluster: SimComputeResource;
  hosts: SimHost[];
  pools: SimPool[];
  datastores: SimDatastore[];
  datacenter: DatacenterSlot;
}

interface DatacenterSlot {
  index: number;
  vmFolder: MoRef;
  tenantFolders: MoRef[];
  templateFolder: MoRef;
  networks: MoRef[];
  podDatastores: SimDatastore[];
}

const hex = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

/** Builds a seeded, sized lab: the same seed and size always give the same inventory. */
export function buildLab(size: LabSize, seed: number, now = Date.now()): SimInventory {
  const inventory = new SimInventory();
  const random = new SeededRandom(seed);
  const add = (entity: Parameters<SimInventory['add']>[0]): void => inventory.add(entity, false);
  add({ type: 'Folder', ref: inventory.rootFolder, name: 'Datacenters', childTypes: ['Folder', 'Datacenter'] });

  const clusters: ClusterSlot[] = [];
  const datacenters: DatacenterSlot[] = [];
  for (let d = 0; d < size.datacenters; d++) {
    const dcName = size.datacenters === 1 ? 'DC-Lab' : `DC-${String(d + 1).padStart(2, '0')}`;
    const dcRef = inventory.newRef('Datacenter');
    const folderRef = (): MoRef => inventory.newRef('Folder');
    const [vmFolder, hostFolder, datastoreFolder, networkFolder] = [folderRef(), folderRef(), folderRef(), folderRef()];
    add({
      type: 'Datacenter',
      ref: dcRef,
      name: dcName,
      parent: inventory.rootFolder,
      vmFolder,
      hostFolder,
      datastoreFolder,
      networkFolder,
    });
    add({ type: 'Folder', ref: vmFolder, name: 'vm', parent: dcRef, childTypes: ['Folder', 'VirtualMachine', 'VirtualApp'] });
    add({ type: 'Folder', ref: hostFolder, name: 'host', parent: dcRef, childTypes: ['Folder', 'ComputeResource'] });
    add({ type: 'Folder', ref: datastoreFolder, name: 'datastore', parent: dcRef, childTypes: ['Folder', 'Datastore', 'StoragePod'] });
    add({
      type: 'Folder',
      ref: networkFolder,
      name: 'network',
      parent: dcRef,
      childTypes: ['Folder', 'Network', 'DistributedVirtualSwitch'],
    });

    const vmNetwork = inventory.newRef('Network');
    add({ type: 'Network', ref: vmNetwork, name: 'VM Network', parent: networkFolder });
    const dvs = inventory.newRef('VmwareDistributedVirtualSwitch');
    const portgroups: MoRef[] = [];
    const uplinks = inventory.newRef('DistributedVirtualPortgroup');
    add({ type: 'DistributedVirtualPortgroup', ref: uplinks, name: `dvs-${dcName}-DVUplinks`, parent: networkFolder, dvs });
    for (let p = 0; p < size.portgroupsPerDatacenter; p++) {
      const ref = inventory.newRef('DistributedVirtualPortgroup');
      const vlan = 100 + p * 10;
      add({
        type: 'DistributedVirtualPortgroup',
        ref,
        name: `VLAN${vlan}-${poolNames[p % poolNames.length]}`,
        parent: networkFolder,
        dvs,
        vlan,
      });
      portgroups.push(ref);
    }
    add({
      type: 'VmwareDistributedVirtualSwitch',
      ref: dvs,
      name: `dvs-${dcName}`,
      parent: networkFolder,
      uuid: random.uuid(),
      portgroups: [uplinks, ...portgroups],
    });
    const opaque = inventory.newRef('OpaqueNetwork');
    add({ type: 'OpaqueNetwork', ref: opaque, name: `nsx-segment-${d + 1}`, parent: networkFolder, opaqueId: random.uuid() });

    const podDatastores: SimDatastore[] = [];
    for (let s = 0; s < size.storagePodsPerDatacenter; s++) {
      const pod = inventory.newRef('StoragePod');
      add({ type: 'StoragePod', ref: pod, name: `gold-pod-${s + 1}`, parent: datastoreFolder });
      for (let m = 0; m < 2; m++) podDatastores.push(addDatastore(inventory, random, `gold-${d + 1}${s + 1}-${m + 1}`, pod, 'VMFS'));
    }

    const tenantFolders: MoRef[] = [];
    for (let f = 0; f < size.foldersPerDatacenter; f++) {
      const ref = folderRef();
      add({
        type: 'Folder',
        ref,
        name: folderNames[f % folderNames.length] as string,
        parent: vmFolder,
        childTypes: ['Folder', 'VirtualMachine', 'VirtualApp'],
      });
      tenantFolders.push(ref);
    }
    const templateFolder = folderRef();
    add({
      type: 'Folder',
      ref: templateFolder,
      name: 'Templates',
      parent: vmFolder,
      childTypes: ['Folder', 'VirtualMachine', 'VirtualApp'],
    });
    const datacenter: DatacenterSlot = {
      index: d,
      vmFolder,
      tenantFolders,
      templateFolder,
      networks: [...portgroups, vmNetwork, opaque],
      podDatastores,
    };
    datacenters.push(datacenter);

    const hostNetworks = [vmNetwork, uplinks, ...portgroups, opaque];
    for (let c = 0; c < size.clustersPerDatacenter + size.standaloneHostsPerDatacenter; c++) {
      const standalone = c >= size.clustersPerDatacenter;
      const letter = clusterLetters[c % clusterLetters.length] as string;
      const name = standalone
        ? `esx-standalone-${d + 1}${c}.lab.local`
        : size.datacenters === 1
          ? `Cluster-${letter}`
          : `DC${d + 1}-Cluster-${letter}`;
      const clusterRef = inventory.newRef(standalone ? 'ComputeResource' : 'ClusterComputeResource');
      const rootPool = inventory.newRef('ResourcePool');
      const cluster: SimComputeResource = {
        type: standalone ? 'ComputeResource' : 'ClusterComputeResource',
        ref: clusterRef,
        name,
        parent: hostFolder,
        rootPool,
        drs: c % 2 === 0,
        ha: true,
      };
      add(cluster);
      const root: SimPool = { type: 'ResourcePool', ref: rootPool, name: 'Resources', parent: clusterRef, owner: clusterRef };
      add(root);
      const datastores: SimDatastore[] = [];
      for (let s = 0; s < size.datastoresPerCluster; s++) {
        datastores.push(
          addDatastore(
            inventory,
            random,
            `${standalone ? `local-${d + 1}${c}` : name.toLowerCase()}-${s % 2 === 0 ? 'vsan' : 'nfs'}${s > 1 ? s : ''}`,
            datastoreFolder,
            s % 2 === 0 ? 'vsan' : 'NFS41',
          ),
        );
      }
      const hosts: SimHost[] = [];
      const hostCount = standalone ? 1 : size.hostsPerCluster;
      for (let h = 0; h < hostCount; h++) {
        const cores = random.pick([32, 48, 64]);
        const host: SimHost = {
          type: 'HostSystem',
          ref: inventory.newRef('HostSystem'),
          name: standalone ? name : `esx-${d + 1}${letter.toLowerCase()}${String(h + 1).padStart(2, '0')}.lab.local`,
          parent: clusterRef,
          cpuModel: random.pick([
            'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
            'AMD EPYC 7543 32-Core Processor',
            'Intel(R) Xeon(R) Platinum 8358 CPU @ 2.60GHz',
          ]),
          cpuMhz: random.pick([2000, 2600, 2800]),
          cores,
          threads: cores * 2,
          memoryBytes: random.pick([256, 512, 768]) * 1024 ** 3,
          uuid: random.uuid(),
          product: 'VMware ESXi 8.0.2',
          bootTime: new Date(now - random.int(5, 120) * day),
          connectionState: 'connected',
          powerState: 'poweredOn',
          maintenance: !standalone && h === hostCount - 1 && c === 1 && d === 0,
          managementIp: `192.168.${d + 1}.${clusters.length * 16 + h + 10}`,
          managementMac: `00:25:b5:${hex(d)}:${hex(c)}:${hex(h)}`,
          datastores: [...datastores, ...podDatastores].map((ds) => ds.ref),
          networks: hostNetworks,
        };
        add(host);
        hosts.push(host);
      }
      const pools: SimPool[] = [root];
      if (!standalone) {
        for (let p = 0; p < size.poolsPerCluster; p++) {
          const pool: SimPool = {
            type: 'ResourcePool',
            ref: inventory.newRef('ResourcePool'),
            name: `${poolNames[p % poolNames.length]}-${letter}`,
            parent: rootPool,
            owner: clusterRef,
          };
          add(pool);
          pools.push(pool);
        }
        for (let a = 0; a < size.vappsPerCluster; a++) {
          const vapp: SimPool = {
            type: 'VirtualApp',
            ref: inventory.newRef('VirtualApp'),
            name: `vApp-shop-${letter}${a + 1}`,
            parent: rootPool,
            owner: clusterRef,
          };
          add(vapp);
          pools.push(vapp);
        }
      }
      clusters.push({ cluster, hosts, pools, datastores: [...datastores, ...podDatastores], datacenter });
    }
  }

  const digits = String(Math.max(size.vms, 1)).length;
  const perDatacenter = new Map<number, number>();
  for (let i = 0; i < size.vms; i++) {
    const slot = clusters[i % clusters.length] as ClusterSlot;
    const dc = slot.datacenter;
    const k = (perDatacenter.get(dc.index) ?? 0) + 1;
    perDatacenter.set(dc.index, k);
    const pool = slot.pools[i % slot.pools.length] as SimPool;
    const folders = [dc.vmFolder, ...dc.tenantFolders];
    const inVapp = pool.type === 'VirtualApp';
    const name = i === 3 ? hostileVmName : `${roles[i % roles.length]}-${String(i + 1).padStart(digits, '0')}`;
    const vm = newVm(inventory, random, {
      index: i,
      name,
      parent: inVapp ? undefined : folders[Math.floor(i / clusters.length) % folders.length],
      pool: pool.ref,
      host: (slot.hosts[Math.floor(i / clusters.length) % slot.hosts.length] as SimHost).ref,
      datastores: slot.datastores,
      networks: dc.networks,
      addresses: [
        `10.${10 + dc.index}.${Math.floor(k / 250)}.${(k % 250) + 1}`,
        `172.${16 + dc.index}.${Math.floor(k / 250)}.${(k % 250) + 1}`,
      ],
      now,
    });
    if (size.snapshotEvery > 0 && i % size.snapshotEvery === 0) addSnapshotChain(inventory, vm, 1 + (i % 3), now);
    add(vm);
  }

  for (const dc of datacenters) {
    const slot =
      clusters.find((c) => c.datacenter === dc && c.cluster.type === 'ClusterComputeResource') ?? clusters.find((c) => c.datacenter === dc);
    if (!slot) continue;
    for (let t = 0; t < size.templatesPerDatacenter; t++) {
      const base = templateNames[t % templateNames.length] as string;
      const template = newVm(inventory, random, {
        index: size.vms + dc.index * 100 + t,
        name: size.datacenters === 1 ? base : `${base}-dc${dc.index + 1}`,
        parent: dc.templateFolder,
        pool: (slot.pools[0] as SimPool).ref,
        host: (slot.hosts[0] as SimHost).ref,
        datastores: slot.datastores,
        networks: dc.networks,
        addresses: [],
        now,
      });
      template.template = true;
      template.powerState = 'poweredOff';
      delete template.bootTime;
      add(template);
    }
  }
  return inventory;
}

function addDatastore(inventory: SimInventory, random: SeededRandom, name: string, parent: MoRef, fsType: string): SimDatastore {
  const capacity = random.pick([4, 8, 16, 32]) * 1024 ** 4;
  const datastore: SimDatastore = {
    type: 'Datastore',
    ref: inventory.newRef('Datastore'),
    name,
    parent,
    capacity,
    freeSpace: Math.round(capacity * (0.2 + random.next() * 0.6)),
    fsType,
    url: `ds:///vmfs/volumes/${random.uuid()}/`,
    accessible: true,
  };
  inventory.add(datastore, false);
  return datastore;
}

interface VmPlan {
  index: number;
  name: string;
  parent: MoRef | undefined;
  pool: MoRef;
  host: MoRef;
  datastores: readonly SimDatastore[];
  networks: readonly MoRef[];
  addresses: readonly string[];
  now: number;
}

function newVm(inventory: SimInventory, random: SeededRandom, plan: VmPlan): SimVm {
  const guest = random.pick(guestSystems);
  const datastore = plan.datastores[plan.index % plan.datastores.length] as SimDatastore;
  const folderName = plan.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const disks: SimDisk[] = Array.from({ length: 1 + (plan.index % 3 === 0 ? 1 : 0) + (plan.index % 11 === 0 ? 1 : 0) }, (_, d) => ({
    key: 2000 + d,
    label: `Hard disk ${d + 1}`,
    capacityKB: random.pick([16, 40, 100, 250]) * 1024 * 1024,
    datastore: datastore.ref,
    fileName: `[${datastore.name}] ${folderName}/${folderName}${d === 0 ? '' : `_${d}`}.vmdk`,
  }));
  const nicCount = plan.index % 7 === 0 ? 2 : 1;
  const nics: SimNic[] = Array.from({ length: nicCount }, (_, n) => {
    const id = plan.index * 2 + n;
    return {
      key: 4000 + n,
      label: `Network adapter ${n + 1}`,
      deviceType: nicTypes[(plan.index + n) % nicTypes.length] as string,
      mac: `00:50:56:${hex((id >> 16) & 0x3f)}:${hex(id >> 8)}:${hex(id)}`,
      network: plan.networks[(plan.index + n * 3) % plan.networks.length] as MoRef,
      ipAddresses: plan.addresses[n] ? [plan.addresses[n]] : [],
    };
  });
  const powered = random.chance(0.8);
  const memoryMB = random.pick([1024, 2048, 4096, 8192, 16384]);
  const provisioned = disks.reduce((sum, disk) => sum + disk.capacityKB * 1024, 0);
  const vm: SimVm = {
    type: 'VirtualMachine',
    ref: inventory.newRef('VirtualMachine'),
    name: plan.name,
    pool: plan.pool,
    host: plan.host,
    template: false,
    powerState: powered ? 'poweredOn' : 'poweredOff',
    uuid: random.uuid(),
    instanceUuid: random.uuid(),
    guestId: guest.id,
    guestFullName: guest.name,
    annotation: plan.index % 5 === 0 ? `Owner: team-${roles[plan.index % roles.length]}\nTicket: OPS-${1000 + plan.index}` : '',
    hardwareVersion: random.pick(['vmx-19', 'vmx-20', 'vmx-21']),
    cpus: random.pick([1, 2, 4, 8]),
    memoryMB,
    disks,
    nics,
    toolsInstalled: random.chance(0.9),
    hostName: `${folderName.toLowerCase()}.lab.local`,
    committedBytes: Math.round(provisioned * (0.2 + random.next() * 0.5)),
    snapshots: [],
    nextSnapshotId: 1,
  };
  if (plan.parent) vm.parent = plan.parent;
  if (powered) vm.bootTime = new Date(plan.now - random.int(1, 60) * day);
  return vm;
}

function addSnapshotChain(inventory: SimInventory, vm: SimVm, length: number, now: number): void {
  let parent: SimSnapshot | undefined;
  for (let s = 0; s < length; s++) {
    const snapshot: SimSnapshot = {
      ref: inventory.newRef('VirtualMachineSnapshot'),
      name: snapshotNames[s % snapshotNames.length] as string,
      description: s === 0 ? 'Taken before the quarterly patch run' : '',
      id: vm.nextSnapshotId++,
      createTime: new Date(now - (length - s) * 7 * day),
      powerState: 'poweredOff',
      memory: false,
      quiesced: false,
      children: [],
    };
    (parent ? parent.children : vm.snapshots).push(snapshot);
    parent = snapshot;
  }
  if (parent) vm.currentSnapshot = parent.ref;
}
