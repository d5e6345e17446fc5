/**
 * The simulated cluster's state. Routes read it and tasks change it; tests reach it
 * through the simulator handle to set the scene (a node goes offline, a guest is paused).
 */
export type GuestType = 'qemu' | 'lxc';

export interface LabInterface {
  iface: string;
  type: 'eth' | 'bond' | 'bridge' | 'vlan';
  /** The other fields exactly as GET /nodes/{node}/network lists them. */
  fields: Record<string, string | number | string[]>;
}

export interface LabNode {
  name: string;
  nodeId: number;
  ip: string;
  online: boolean;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  rootfsBytes: number;
  /** Unix seconds. */
  bootTime: number;
  interfaces: LabInterface[];
}

export interface LabStorage {
  id: string;
  type: 'dir' | 'lvmthin' | 'rbd' | 'nfs' | 'zfspool';
  shared: boolean;
  content: string;
  totalBytes: number;
  /** Nodes that see this storage. */
  nodes: string[];
}

export interface LabSnapshot {
  name: string;
  description: string;
  /** Unix seconds. */
  snaptime: number;
  vmstate: boolean;
  parent?: string;
  config: Record<string, string | number>;
}

export interface LabGuest {
  vmid: number;
  type: GuestType;
  node: string;
  template: boolean;
  status: 'running' | 'stopped';
  /** QEMU's run state while running: running or paused. */
  paused: boolean;
  /** Unix seconds, while running. */
  startedAt?: number;
  lock?: string;
  pool?: string;
  hastate?: string;
  /** The config as GET …/config returns it (name, memory, net0, scsi0 …). */
  config: Record<string, string | number>;
  snapshots: LabSnapshot[];
  /** qemu: the guest agent answers while the VM runs. */
  agentInstalled: boolean;
  /** Guest IPs by upper-case MAC (what the agent or the container reports). */
  addresses: Map<string, string[]>;
  /** Per-guest load profile for rrd and counters. */
  loadSeed: number;
}

export interface LabPool {
  id: string;
  comment?: string;
}

export interface LabZone {
  zone: string;
  type: 'vlan' | 'simple' | 'vxlan';
  bridge?: string;
}

export interface LabVnet {
  vnet: string;
  zone: string;
  tag?: number;
  alias?: string;
}

export class Lab {
  readonly clusterName: string;
  readonly nodes: LabNode[];
  readonly storages: LabStorage[];
  readonly guests = new Map<number, LabGuest>();
  readonly pools: LabPool[];
  readonly zones: LabZone[];
  readonly vnets: LabVnet[];
  readonly seed: number;

  constructor(init: {
    clusterName: string;
    seed: number;
    nodes: LabNode[];
    storages: LabStorage[];
    guests: LabGuest[];
    pools: LabPool[];
    zones: LabZone[];
    vnets: LabVnet[];
  }) {
    this.clusterName = init.clusterName;
    this.seed = init.seed;
    this.nodes = init.nodes;
    this.storages = init.storages;
    for (const guest of init.guests) this.guests.set(guest.vmid, guest);
    this.pools = init.pools;
    this.zones = init.zones;
    this.vnets = init.vnets;
  }

  node(name: string): LabNode | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  guest(vmid: number): LabGuest | undefined {
    return this.guests.get(vmid);
  }

  /** The guest with that vmid on that node and of that type, as the API path names it. */
  guestAt(node: string, type: GuestType, vmid: number): LabGuest | undefined {
    const guest = this.guests.get(vmid);
    return guest && guest.node === node && guest.type === type ? guest : undefined;
  }

  guestName(guest: LabGuest): string {
    return String(guest.config.name ?? guest.config.hostname ?? `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`);
  }

  nextVmid(): number {
    let vmid = 100;
    while (this.guests.has(vmid)) vmid += 1;
    return vmid;
  }

  storagesOn(node: string): LabStorage[] {
    return this.storages.filter((storage) => storage.nodes.includes(node));
  }
}
