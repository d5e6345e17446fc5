/**
 * The simulated cloud's records. Field names follow the APIs where that keeps the views
 * short; times are Unix milliseconds and each service formats them its own way.
 */

export interface Stamped {
  createdAt: number;
  updatedAt: number;
}

export interface SimProject {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
}

export interface SimUser {
  id: string;
  name: string;
  password: string;
}

export type SimRole = 'admin' | 'member' | 'reader';

export interface SimAssignment {
  userId: string;
  projectId: string;
  roles: SimRole[];
}

export interface SimToken {
  id: string;
  userId: string;
  projectId?: string;
  roles: SimRole[];
  methods: string[];
  issuedAt: number;
  expiresAt: number;
  applicationCredentialId?: string;
}

export interface SimApplicationCredential {
  id: string;
  name: string;
  secret: string;
  userId: string;
  projectId: string;
  roles: SimRole[];
  description: string;
}

export interface SimFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

export interface SimHypervisor {
  id: string;
  hostname: string;
  serviceHost: string;
  serviceId: string;
  availabilityZone: string;
  hostIp: string;
  vcpus: number;
  memoryMb: number;
  localGb: number;
  state: 'up' | 'down';
  status: 'enabled' | 'disabled';
  startedAt: number;
}

export interface SimFault {
  code: number;
  message: string;
  details: string;
  created: number;
}

export interface SimServer extends Stamped {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  flavorId: string;
  /** Empty for a server booted from a volume. */
  imageId: string;
  hypervisorId?: string;
  availabilityZone: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
  keyName: string | null;
  metadata: Record<string, string>;
  tags: string[];
  description: string | null;
  locked: boolean;
  securityGroups: string[];
  hostname: string;
  launchedAt?: number;
  fault?: SimFault;
  deletedAt?: number;
  reservationId: string;
}

export interface SimActionEvent {
  event: string;
  startTime: number;
  finishTime?: number;
  result: 'Success' | 'Error' | null;
  details?: string;
  traceback?: string;
  host?: string;
}

export interface SimInstanceAction {
  requestId: string;
  serverId: string;
  action: string;
  userId: string;
  projectId: string;
  startTime: number;
  updatedAt: number;
  message: string | null;
  events: SimActionEvent[];
}

export interface SimNetwork extends Stamped {
  id: string;
  name: string;
  projectId: string;
  adminStateUp: boolean;
  status: string;
  shared: boolean;
  external: boolean;
  mtu: number;
  networkType: 'flat' | 'vlan' | 'vxlan' | 'geneve';
  physicalNetwork: string | null;
  segmentationId: number | null;
  description: string;
  tags: string[];
  revision: number;
}

export interface SimSubnet extends Stamped {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  cidr: string;
  ipVersion: 4 | 6;
  gatewayIp: string;
  enableDhcp: boolean;
  description: string;
  tags: string[];
  revision: number;
  /** Host addresses handed out so far (the next is `nextHost`). */
  nextHost: number;
}

export interface SimFixedIp {
  subnetId: string;
  ipAddress: string;
}

export interface SimPort extends Stamped {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  macAddress: string;
  fixedIps: SimFixedIp[];
  deviceId: string;
  deviceOwner: string;
  status: 'ACTIVE' | 'DOWN' | 'BUILD';
  adminStateUp: boolean;
  securityGroupIds: string[];
  bindingHost: string;
  description: string;
  tags: string[];
  revision: number;
}

export interface SimRouter extends Stamped {
  id: string;
  name: string;
  projectId: string;
  status: string;
  adminStateUp: boolean;
  gateway?: { networkId: string; enableSnat: boolean; fixedIps: SimFixedIp[] };
  description: string;
  tags: string[];
  revision: number;
}

export interface SimFloatingIp extends Stamped {
  id: string;
  projectId: string;
  floatingNetworkId: string;
  floatingIpAddress: string;
  fixedIpAddress: string | null;
  portId: string | null;
  routerId: string | null;
  status: 'ACTIVE' | 'DOWN';
  description: string;
  tags: string[];
  revision: number;
}

export interface SimSecurityGroupRule {
  id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  portRangeMin: number | null;
  portRangeMax: number | null;
  remoteIpPrefix: string | null;
  remoteGroupId: string | null;
}

export interface SimSecurityGroup extends Stamped {
  id: string;
  name: string;
  projectId: string;
  description: string;
  rules: SimSecurityGroupRule[];
  tags: string[];
  revision: number;
}

export interface SimImage extends Stamped {
  id: string;
  name: string;
  ownerId: string;
  status: string;
  visibility: 'public' | 'private' | 'shared' | 'community';
  diskFormat: string | null;
  containerFormat: string | null;
  size: number | null;
  virtualSize: number | null;
  minDisk: number;
  minRam: number;
  protected: boolean;
  tags: string[];
  checksum: string | null;
  /** Extra properties (os_distro, image_type, instance_uuid …). */
  properties: Record<string, string>;
}

export interface SimAttachment {
  id: string;
  serverId: string;
  device: string;
  attachedAt: number;
  hostName: string | null;
}

export interface SimVolume extends Stamped {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  size: number;
  status: string;
  availabilityZone: string;
  volumeTypeId: string;
  bootable: boolean;
  attachments: SimAttachment[];
  description: string | null;
  metadata: Record<string, string>;
  snapshotId: string | null;
  sourceVolumeId: string | null;
  host: string;
}

export interface SimSnapshot extends Stamped {
  id: string;
  name: string;
  volumeId: string;
  projectId: string;
  userId: string;
  size: number;
  status: string;
  description: string | null;
  metadata: Record<string, string>;
}

export interface SimVolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

export interface SimAggregate extends Stamped {
  id: number;
  uuid: string;
  name: string;
  availabilityZone: string | null;
  hosts: string[];
  metadata: Record<string, string>;
}

export interface SimKeypair {
  id: number;
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: 'ssh' | 'x509';
  createdAt: number;
}

export interface SimServerGroup {
  id: string;
  name: string;
  policy: string;
  members: string[];
  projectId: string;
  userId: string;
}

/** Records by id, in insertion order, with cached sorted views for paging. */
export class Table<T extends { id: string }> {
  readonly #rows = new Map<string, T>();
  readonly #compare: (a: T, b: T) => number;
  #sorted: T[] | undefined;
  #positions: Map<string, number> | undefined;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#rows.size;
  }

  get(id: string): T | undefined {
    return this.#rows.get(id);
  }

  put(row: T): T {
    this.#rows.set(row.id, row);
    this.changed();
    return row;
  }

  delete(id: string): boolean {
    const deleted = this.#rows.delete(id);
    if (deleted) this.changed();
    return deleted;
  }

  /** Call after changing a field the sort order depends on. */
  changed(): void {
    this.#sorted = undefined;
    this.#positions = undefined;
  }

  values(): IterableIterator<T> {
    return this.#rows.values();
  }

  /** All rows in the service's list order. */
  sorted(): readonly T[] {
    this.#sorted ??= [...this.#rows.values()].sort(this.#compare);
    return this.#sorted;
  }

  /** Where a row sits in the list order, for markers. */
  position(id: string): number | undefined {
    if (!this.#positions) {
      this.#positions = new Map();
      this.sorted().forEach((row, index) => this.#positions?.set(row.id, index));
    }
    return this.#positions.get(id);
  }
}

/** Nova, Cinder and Glance list newest first; Neutron by id. */
export const newestFirst = <T extends { id: string; createdAt: number }>(a: T, b: T): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface SimCloud {
  region: string;
  domain: { id: string; name: string };
  projects: Table<SimProject>;
  users: Table<SimUser>;
  assignments: SimAssignment[];
  tokens: Map<string, SimToken>;
  applicationCredentials: Table<SimApplicationCredential>;
  flavors: Table<SimFlavor>;
  hypervisors: Table<SimHypervisor>;
  servers: Table<SimServer>;
  /** Deleted servers, still listed by changes-since as Nova does. */
  deletedServers: Table<SimServer>;
  instanceActions: SimInstanceAction[];
  networks: Table<SimNetwork>;
  subnets: Table<SimSubnet>;
  ports: Table<SimPort>;
  routers: Table<SimRouter>;
  floatingIps: Table<SimFloatingIp>;
  securityGroups: Table<SimSecurityGroup>;
  images: Table<SimImage>;
  volumes: Table<SimVolume>;
  snapshots: Table<SimSnapshot>;
  volumeTypes: Table<SimVolumeType>;
  aggregates: SimAggregate[];
  keypairs: SimKeypair[];
  serverGroups: Table<SimServerGroup>;
}

export function emptyCloud(region: string): SimCloud {
  return {
    region,
    domain: { id: 'default', name: 'Default' },
    projects: new Table(byId),
    users: new Table(byId),
    assignments: [],
    tokens: new Map(),
    applicationCredentials: new Table(byId),
    flavors: new Table(byId),
    hypervisors: new Table(byId),
    servers: new Table(newestFirst),
    deletedServers: new Table(newestFirst),
    instanceActions: [],
    networks: new Table(byId),
    subnets: new Table(byId),
    ports: new Table(byId),
    routers: new Table(byId),
    floatingIps: new Table(byId),
    securityGroups: new Table(byId),
    images: new Table(newestFirst),
    volumes: new Table(newestFirst),
    snapshots: new Table(newestFirst),
    volumeTypes: new Table(byId),
    aggregates: [],
    keypairs: [],
    serverGroups: new Table(byId),
  };
}
