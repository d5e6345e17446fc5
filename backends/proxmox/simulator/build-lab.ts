import { SeededRandom } from '../../core/simulator/random';
import {
  Lab,
  type LabGuest,
  type LabInterface,
  type LabNode,
  type LabPool,
  type LabSnapshot,
  type LabStorage,
  type LabVnet,
  type LabZone,
} from './lab';
import {
  containerOsTypes,
  containerRoles,
  cpuModels,
  hostileNotes,
  snapshotNames,
  templates,
  twoDigits,
  vmOsTypes,
  vmRoles,
} from './names';

export interface LabSize {
  nodes: number;
  guests: number;
}

const GiB = 1024 ** 3;

function nodeInterfaces(index: number): LabInterface[] {
  const octet = 10 + index;
  return [
    { iface: 'eno1', type: 'eth', fields: { method: 'manual', method6: 'manual', active: 1, exists: 1, families: ['inet'], priority: 3 } },
    { iface: 'eno2', type: 'eth', fields: { method: 'manual', method6: 'manual', active: 1, exists: 1, families: ['inet'], priority: 4 } },
    {
      iface: 'bond0',
      type: 'bond',
      fields: {
        slaves: 'eno1 eno2',
        bond_mode: '802.3ad',
        bond_xmit_hash_policy: 'layer3+4',
        method: 'manual',
        method6: 'manual',
        active: 1,
        autostart: 1,
        families: ['inet'],
        priority: 5,
      },
    },
    {
      iface: 'vmbr0',
      type: 'bridge',
      fields: {
        bridge_ports: 'bond0',
        bridge_stp: 'off',
        bridge_fd: '0',
        bridge_vlan_aware: 1,
        bridge_vids: '2-4094',
        method: 'static',
        method6: 'manual',
        address: `10.10.0.${octet}`,
        netmask: '24',
        cidr: `10.10.0.${octet}/24`,
        gateway: '10.10.0.1',
        active: 1,
        autostart: 1,
        families: ['inet'],
        priority: 6,
      },
    },
    {
      iface: 'bond0.50',
      type: 'vlan',
      fields: {
        'vlan-raw-device': 'bond0',
        'vlan-id': 50,
        method: 'static',
        method6: 'manual',
        address: `10.50.0.${octet}`,
        netmask: '24',
        cidr: `10.50.0.${octet}/24`,
        active: 1,
        autostart: 1,
        families: ['inet'],
        comments: 'storage network',
        priority: 7,
      },
    },
    {
      iface: 'vmbr1',
      type: 'bridge',
      fields: {
        bridge_ports: '',
        bridge_stp: 'off',
        bridge_fd: '0',
        method: 'manual',
        method6: 'manual',
        active: 1,
        autostart: 1,
        families: ['inet'],
        comments: 'internal only',
        priority: 8,
      },
    },
  ];
}

function buildNodes(random: SeededRandom, count: number, now: number): LabNode[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `pve${index + 1}`,
    nodeId: index + 1,
    ip: `10.10.0.${10 + index}`,
    online: true,
    cpus: random.pick([16, 32, 48, 64]),
    cpuModel: random.pick(cpuModels),
    memoryBytes: random.pick([128, 256, 384, 512]) * GiB,
    rootfsBytes: random.pick([100, 200, 450]) * GiB,
    bootTime: now - random.int(3, 90) * 86400,
    interfaces: nodeInterfaces(index),
  }));
}

function buildStorages(nodes: LabNode[]): LabStorage[] {
  const all = nodes.map((node) => node.name);
  return [
    { id: 'local', type: 'dir', shared: false, content: 'iso,vztmpl,backup', totalBytes: 100 * GiB, nodes: all },
    { id: 'local-lvm', type: 'lvmthin', shared: false, content: 'images,rootdir', totalBytes: 800 * GiB, nodes: all },
    { id: 'ceph-vm', type: 'rbd', shared: true, content: 'images,rootdir', totalBytes: 20 * 1024 * GiB, nodes: all },
    { id: 'nas-backup', type: 'nfs', shared: true, content: 'backup,iso,vztmpl', totalBytes: 40 * 1024 * GiB, nodes: all },
  ];
}

const pools: LabPool[] = [
  { id: 'production', comment: 'Customer-facing services' },
  { id: 'staging', comment: 'Pre-release copies of production' },
  { id: 'lab', comment: 'Experiments <b>not</b> backed up' },
];

const zones: LabZone[] = [{ zone: 'campus', type: 'vlan', bridge: 'vmbr0' }];
const vnets: LabVnet[] = [
  { vnet: 'vnet10', zone: 'campus', tag: 10, alias: 'frontend' },
  { vnet: 'vnet20', zone: 'campus', tag: 20, alias: 'backend' },
];

/** Proxmox VE hands out MACs under its own OUI, BC:24:11. */
function proxmoxMac(random: SeededRandom): string {
  const tail = Array.from({ length: 3 }, () => random.int(0, 255).toString(16).padStart(2, '0').toUpperCase());
  return ['BC', '24', '11', ...tail].join(':');
}

interface GuestPlan {
  type: 'qemu' | 'lxc';
  template: boolean;
  name: string;
  ostype: string;
}

/** Templates first, then about one container for every two VMs. */
function planGuests(random: SeededRandom, count: number): GuestPlan[] {
  const plans: GuestPlan[] = [];
  const templateCount = Math.min(templates.length, Math.max(1, Math.round(count / 10)));
  for (let i = 0; i < templateCount && plans.length < count; i += 1) {
    const template = templates[i] as (typeof templates)[number];
    plans.push({ type: 'qemu', template: true, name: template.name, ostype: template.ostype });
  }
  const counters = new Map<string, number>();
  const nextName = (role: string): string => {
    const n = (counters.get(role) ?? 0) + 1;
    counters.set(role, n);
    return `${role}-${twoDigits(n)}`;
  };
  while (plans.length < count) {
    if (random.chance(1 / 3)) {
      plans.push({
        type: 'lxc',
        template: false,
        name: nextName(`ct-${random.pick(containerRoles)}`),
        ostype: random.pick(containerOsTypes),
      });
    } else {
      plans.push({ type: 'qemu', template: false, name: nextName(random.pick(vmRoles)), ostype: random.pick(vmOsTypes) });
    }
  }
  return plans;
}

function snapshotChain(random: SeededRandom, config: Record<string, string | number>, now: number, running: boolean): LabSnapshot[] {
  const count = random.chance(0.3) ? random.int(1, 3) : 0;
  const snapshots: LabSnapshot[] = [];
  let parent: string | undefined;
  for (let i = 0; i < count; i += 1) {
    const name = snapshotNames[(i + random.int(0, snapshotNames.length - 1)) % snapshotNames.length] as string;
    if (snapshots.some((snapshot) => snapshot.name === name)) continue;
    const snapshot: LabSnapshot = {
      name,
      description: random.chance(0.5) ? `Taken by the nightly job` : '',
      snaptime: now - (count - i) * random.int(2, 20) * 86400,
      vmstate: running && random.chance(0.3),
      config: { ...config },
    };
    if (parent) snapshot.parent = parent;
    snapshots.push(snapshot);
    parent = name;
  }
  return snapshots;
}

function guestConfig(
  random: SeededRandom,
  plan: GuestPlan,
  vmid: number,
  storage: string,
  nicBridge: { bridge: string; tag?: number },
  mac: string,
  ip: string,
): Record<string, string | number> {
  const diskGiB = random.pick([8, 16, 32, 64, 128]);
  const net = nicBridge.tag ? `,tag=${nicBridge.tag}` : '';
  if (plan.type === 'lxc') {
    const addressing = random.chance(0.3) ? 'dhcp' : `${ip}/24,gw=10.10.0.1`;
    return {
      arch: 'amd64',
      hostname: plan.name,
      ostype: plan.ostype,
      cores: random.pick([1, 2, 4]),
      memory: random.pick([256, 512, 1024, 2048]),
      swap: 512,
      rootfs: `${storage}:vm-${vmid}-disk-0,size=${diskGiB}G`,
      net0: `name=eth0,bridge=${nicBridge.bridge},firewall=1,hwaddr=${mac},ip=${addressing}${net},type=veth`,
      unprivileged: 1,
      onboot: 1,
      digest: random.uuid().replace(/-/g, ''),
    };
  }
  const config: Record<string, string | number> = {
    name: plan.name,
    ostype: plan.ostype,
    sockets: 1,
    cores: random.pick([1, 2, 4, 8]),
    // A property string since PVE 8.2 (`current=…`), so the API sends it as a string.
    memory: String(random.pick([1024, 2048, 4096, 8192, 16384])),
    cpu: 'x86-64-v2-AES',
    scsihw: 'virtio-scsi-single',
    boot: 'order=scsi0;ide2;net0',
    scsi0: `${storage}:vm-${vmid}-disk-0,iothread=1,size=${diskGiB}G`,
    ide2: 'none,media=cdrom',
    net0: `virtio=${mac},bridge=${nicBridge.bridge},firewall=1${net}`,
    smbios1: `uuid=${random.uuid()}`,
    vmgenid: random.uuid(),
    numa: 0,
    onboot: 1,
    digest: random.uuid().replace(/-/g, ''),
  };
  if (random.chance(0.3)) config.scsi1 = `${storage}:vm-${vmid}-disk-1,iothread=1,size=${random.pick([100, 200, 500])}G`;
  if (plan.ostype === 'win11') config.efidisk0 = `${storage}:vm-${vmid}-disk-2,efitype=4m,pre-enrolled-keys=1,size=4M`;
  if (random.chance(0.8)) config.agent = random.chance(0.5) ? '1' : 'enabled=1,fstrim_cloned_disks=1';
  return config;
}

function nicPlacement(random: SeededRandom): { bridge: string; tag?: number } {
  const roll = random.next();
  if (roll < 0.3) return { bridge: 'vnet10' };
  if (roll < 0.5) return { bridge: 'vnet20' };
  if (roll < 0.8) return { bridge: 'vmbr0', tag: random.pick([30, 40]) };
  return { bridge: 'vmbr0' };
}

/** A cluster of `size.nodes` nodes and `size.guests` guests, the same every time for one seed. */
export function buildLab(seed: number, size: LabSize, now = Math.floor(Date.now() / 1000)): Lab {
  const random = new SeededRandom(seed);
  const nodes = buildNodes(random, Math.max(1, size.nodes), now);
  const storages = buildStorages(nodes);
  const guests: LabGuest[] = [];
  planGuests(random, size.guests).forEach((plan, index) => {
    const vmid = 100 + index;
    const node = nodes[index % nodes.length] as LabNode;
    const storage = random.chance(0.5) ? 'ceph-vm' : 'local-lvm';
    const mac = proxmoxMac(random);
    const ip = `10.${random.pick([10, 20, 30])}.${Math.floor(index / 250) % 250}.${(index % 250) + 2}`;
    const config = guestConfig(random, plan, vmid, storage, nicPlacement(random), mac, ip);
    const running = !plan.template && random.chance(0.7);
    if (plan.template) config.template = 1;
    const guest: LabGuest = {
      vmid,
      type: plan.type,
      node: node.name,
      template: plan.template,
      status: running ? 'running' : 'stopped',
      paused: false,
      config,
      snapshots: plan.template ? [] : snapshotChain(random, config, now, running),
      agentInstalled: plan.type === 'qemu' && config.agent !== undefined && random.chance(0.85),
      addresses: new Map([[mac.toUpperCase(), [ip]]]),
      loadSeed: random.int(1, 2 ** 30),
    };
    const last = guest.snapshots.at(-1);
    if (last) guest.config.parent = last.name;
    if (running) guest.startedAt = now - random.int(600, 40 * 86400);
    if (!plan.template && random.chance(0.6)) guest.pool = random.pick(pools).id;
    if (!plan.template && random.chance(0.4))
      guest.config.tags = random.pick(['prod', 'prod;web', 'staging', 'backup-daily', 'critical;prod']);
    if (running && plan.type === 'qemu' && random.chance(0.2)) guest.hastate = 'started';
    guests.push(guest);
  });
  const hostile = guests.find((guest) => !guest.template && guest.type === 'qemu');
  if (hostile) hostile.config.description = hostileNotes;
  return new Lab({ clusterName: 'skydeck-lab', seed, nodes, storages, guests, pools, zones, vnets });
}
