import { SeededRandom } from '../../core/simulator/random';
import { allocateAddress, createPort, powerStates, snapshotImage, finishUpload } from './lifecycle';
import {
  emptyCloud,
  type SimCloud,
  type SimHypervisor,
  type SimImage,
  type SimNetwork,
  type SimProject,
  type SimServer,
  type SimSubnet,
  type SimVolumeType,
} from './state';
import { SimWorld, type SimulatorBehaviour } from './world';

/** How big the seeded cloud is. */
export interface CloudSize {
  /** Tenant projects besides admin and service; the first is "demo". */
  projects: number;
  servers: number;
  /** Each server gets one port on each of this many project networks. */
  portsPerServer: number;
  hypervisors: number;
  volumes: number;
  floatingIps: number;
}

export const demoCloudSize: CloudSize = { projects: 2, servers: 30, portsPerServer: 1, hypervisors: 3, volumes: 12, floatingIps: 6 };

export interface SeedAccounts {
  adminPassword: string;
  demoPassword: string;
}

/** A server's name that would run script if some view rendered names as HTML. */
export const hostileServerName = '<img src=x onerror=alert(1)>';

const projectNames = ['demo', 'research', 'web', 'data', 'ci', 'staging', 'billing', 'ml', 'edge', 'iot'];
const roles = ['web', 'app', 'db', 'cache', 'worker', 'proxy', 'build', 'search'];
const flavors = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ram: 16384, disk: 160 },
];

/** Builds a cloud of the given size from a seed: the same seed gives the same cloud. */
export function seedCloud(seed: number, size: CloudSize, accounts: SeedAccounts, behaviour: SimulatorBehaviour): SimWorld {
  const random = new SeededRandom(seed);
  const world = new SimWorld(emptyCloud('RegionOne'), random, behaviour);
  const cloud = world.cloud;
  const start = Date.now() - 30 * 24 * 3600 * 1000;
  const uuid = (): string => random.uuid();
  const hex = (): string => uuid().replace(/-/g, '');

  const project = (name: string, description: string): SimProject => cloud.projects.put({ id: hex(), name, description, enabled: true });
  const adminProject = project('admin', 'Bootstrap project for initializing the cloud.');
  project('service', 'Service project');
  const tenants = Array.from({ length: Math.max(1, size.projects) }, (_, index) =>
    project(projectNames[index] ?? `project-${index + 1}`, `Seeded project ${index + 1}`),
  );
  const demo = tenants[0] as SimProject;
  const admin = cloud.users.put({ id: hex(), name: 'admin', password: accounts.adminPassword });
  const demoUser = cloud.users.put({ id: hex(), name: 'demo', password: accounts.demoPassword });
  cloud.assignments.push({ userId: admin.id, projectId: adminProject.id, roles: ['admin'] });
  cloud.assignments.push({ userId: demoUser.id, projectId: demo.id, roles: ['member', 'reader'] });

  for (const flavor of flavors) cloud.flavors.put({ ...flavor, ephemeral: 0, isPublic: true, extraSpecs: {} });

  const hypervisors: SimHypervisor[] = Array.from({ length: Math.max(1, size.hypervisors) }, (_, index) => {
    const host = `compute-${String(index + 1).padStart(2, '0')}`;
    return cloud.hypervisors.put({
      id: uuid(),
      hostname: host,
      serviceHost: host,
      serviceId: uuid(),
      availabilityZone: index < Math.ceil(size.hypervisors / 2) ? 'nova' : 'az-2',
      hostIp: `10.0.${Math.floor(index / 250)}.${(index % 250) + 10}`,
      vcpus: 64,
      memoryMb: 262_144,
      localGb: 2_000,
      state: 'up',
      status: 'enabled',
      startedAt: start,
    });
  });
  const zoneTwo = hypervisors.filter((hypervisor) => hypervisor.availabilityZone === 'az-2');
  if (zoneTwo.length) {
    cloud.aggregates.push({
      id: 1,
      uuid: uuid(),
      name: 'az-2',
      availabilityZone: 'az-2',
      hosts: zoneTwo.map((h) => h.serviceHost),
      metadata: {},
      createdAt: start,
      updatedAt: start,
    });
  }
  cloud.aggregates.push({
    id: 2,
    uuid: uuid(),
    name: 'fast-storage',
    availabilityZone: null,
    hosts: [hypervisors[0]?.serviceHost ?? ''],
    metadata: { ssd: 'true' },
    createdAt: start,
    updatedAt: start,
  });

  const image = (
    name: string,
    distro: string,
    sizeBytes: number,
    visibility: SimImage['visibility'],
    owner: string,
    minutes: number,
  ): SimImage => {
    const at = start + minutes * 60_000;
    return cloud.images.put({
      id: uuid(),
      name,
      ownerId: owner,
      status: 'active',
      visibility,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      size: sizeBytes,
      virtualSize: sizeBytes * 4,
      minDisk: 0,
      minRam: 0,
      protected: false,
      tags: [],
      checksum: hex(),
      properties: { os_distro: distro, hw_disk_bus: 'virtio' },
      createdAt: at,
      updatedAt: at,
    });
  };
  const publicImages = [
    image('cirros-0.6.2-x86_64-disk', 'cirros', 21_430_272, 'public', adminProject.id, 1),
    image('ubuntu-22.04', 'ubuntu', 687_079_424, 'public', adminProject.id, 2),
    image('debian-12', 'debian', 367_001_600, 'public', adminProject.id, 3),
  ];
  image(`${tenants[1]?.name ?? demo.name}-golden`, 'rocky', 1_073_741_824, 'private', (tenants[1] ?? demo).id, 4);

  const network = (name: string, owner: string, options: Partial<SimNetwork> = {}): SimNetwork =>
    cloud.networks.put({
      id: uuid(),
      name,
      projectId: owner,
      adminStateUp: true,
      status: 'ACTIVE',
      shared: false,
      external: false,
      mtu: options.networkType === 'flat' ? 1500 : 1450,
      networkType: 'vxlan',
      physicalNetwork: null,
      segmentationId: random.int(100, 4000),
      description: '',
      tags: [],
      revision: 2,
      createdAt: start,
      updatedAt: start,
      ...options,
    });
  const subnet = (name: string, networkRow: SimNetwork, cidr: string): SimSubnet =>
    cloud.subnets.put({
      id: uuid(),
      name,
      networkId: networkRow.id,
      projectId: networkRow.projectId,
      cidr,
      ipVersion: 4,
      gatewayIp: cidr.replace(/\.0\/\d+$/, '.1'),
      enableDhcp: true,
      description: '',
      tags: [],
      revision: 0,
      nextHost: 1,
      createdAt: start,
      updatedAt: start,
    });

  const publicNet = network('public', adminProject.id, {
    external: true,
    networkType: 'flat',
    physicalNetwork: 'public',
    segmentationId: null,
    mtu: 1500,
  });
  const publicSubnet = subnet('public-subnet', publicNet, size.floatingIps + size.projects > 200 ? '172.24.0.0/16' : '172.24.4.0/24');

  const projectNetworks = new Map<string, SimNetwork[]>();
  tenants.forEach((tenant, index) => {
    const group = cloud.securityGroups.put({
      id: uuid(),
      name: 'default',
      projectId: tenant.id,
      description: 'Default security group',
      rules: [],
      tags: [],
      revision: 1,
      createdAt: start,
      updatedAt: start,
    });
    group.rules = [
      {
        id: uuid(),
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: null,
        portRangeMin: null,
        portRangeMax: null,
        remoteIpPrefix: null,
        remoteGroupId: group.id,
      },
      {
        id: uuid(),
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        portRangeMin: 22,
        portRangeMax: 22,
        remoteIpPrefix: '0.0.0.0/0',
        remoteGroupId: null,
      },
      {
        id: uuid(),
        direction: 'egress',
        ethertype: 'IPv4',
        protocol: null,
        portRangeMin: null,
        portRangeMax: null,
        remoteIpPrefix: null,
        remoteGroupId: null,
      },
      {
        id: uuid(),
        direction: 'egress',
        ethertype: 'IPv6',
        protocol: null,
        portRangeMin: null,
        portRangeMax: null,
        remoteIpPrefix: null,
        remoteGroupId: null,
      },
    ];
    const suffixes = ['net', 'storage-net', 'mgmt-net', 'backup-net'];
    const networks = Array.from({ length: Math.max(1, size.portsPerServer) }, (_, n) => {
      const row = network(`${tenant.name}-${suffixes[n] ?? `net-${n + 1}`}`, tenant.id);
      subnet(`${row.name.replace(/-net$/, '')}-subnet`, row, `10.${(index * 4 + n) % 250}.0.0/16`);
      return row;
    });
    projectNetworks.set(tenant.id, networks);
    const router = cloud.routers.put({
      id: uuid(),
      name: `${tenant.name}-router`,
      projectId: tenant.id,
      status: 'ACTIVE',
      adminStateUp: true,
      description: '',
      tags: [],
      revision: 3,
      createdAt: start,
      updatedAt: start,
    });
    const gateway = createPort(world, {
      networkId: publicNet.id,
      projectId: '',
      deviceId: router.id,
      deviceOwner: 'network:router_gateway',
      bindingHost: 'controller',
    });
    router.gateway = { networkId: publicNet.id, enableSnat: true, fixedIps: gateway.fixedIps };
    const first = networks[0] as SimNetwork;
    const firstSubnet = [...cloud.subnets.values()].find((candidate) => candidate.networkId === first.id) as SimSubnet;
    const inside = createPort(world, {
      networkId: first.id,
      projectId: tenant.id,
      deviceId: router.id,
      deviceOwner: 'network:router_interface',
      bindingHost: 'controller',
    });
    inside.fixedIps = [{ subnetId: firstSubnet.id, ipAddress: firstSubnet.gatewayIp }];
  });

  cloud.keypairs.push(
    {
      id: 1,
      name: 'admin-key',
      userId: admin.id,
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKadmin admin@skydeck',
      fingerprint: 'b7:2a:6c:10:38:ef:94:11:27:e4:11:93:0c:aa:14:01',
      type: 'ssh',
      createdAt: start,
    },
    {
      id: 2,
      name: 'demo-key',
      userId: demoUser.id,
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKdemo demo@skydeck',
      fingerprint: '3e:91:55:0a:f2:c8:17:6d:20:b9:4e:71:8d:02:c3:5f',
      type: 'ssh',
      createdAt: start,
    },
  );
  const antiAffinity = cloud.serverGroups.put({
    id: uuid(),
    name: 'db-anti-affinity',
    policy: 'anti-affinity',
    members: [],
    projectId: demo.id,
    userId: demoUser.id,
  });

  const servers: SimServer[] = [];
  for (let index = 0; index < size.servers; index += 1) {
    const tenant = tenants[index % tenants.length] as SimProject;
    const host = hypervisors[index % hypervisors.length] as SimHypervisor;
    const flavor = random.pick(flavors);
    const role = roles[index % roles.length] as string;
    const name =
      index === 2 ? hostileServerName : `${tenant.name}-${role}-${String(Math.floor(index / tenants.length) + 1).padStart(2, '0')}`;
    const roll = index < 6 ? 0 : random.next();
    const [vmState, power] =
      roll < 0.84
        ? ['active', powerStates.running]
        : roll < 0.92
          ? ['stopped', powerStates.shutdown]
          : roll < 0.94
            ? ['paused', powerStates.paused]
            : roll < 0.96
              ? ['suspended', powerStates.suspended]
              : roll < 0.98
                ? ['shelved_offloaded', powerStates.shutdown]
                : ['error', powerStates.nostate];
    const created = start + index * 60_000;
    const onHost = vmState !== 'shelved_offloaded';
    const server: SimServer = {
      id: uuid(),
      name,
      projectId: tenant.id,
      userId: tenant.id === demo.id ? demoUser.id : admin.id,
      flavorId: flavor.id,
      imageId: random.pick(publicImages).id,
      ...(onHost ? { hypervisorId: host.id } : {}),
      availabilityZone: host.availabilityZone,
      vmState: vmState as string,
      taskState: null,
      powerState: power as number,
      keyName: tenant.id === demo.id ? 'demo-key' : null,
      metadata: { role },
      tags: index % 5 === 0 ? ['backup'] : [],
      description: null,
      locked: false,
      securityGroups: ['default'],
      hostname:
        name
          .replace(/[^a-z0-9-]+/gi, '-')
          .replace(/^-+|-+$/g, '')
          .toLowerCase() || 'server',
      reservationId: `r-${hex().slice(0, 8)}`,
      launchedAt: created + 30_000,
      createdAt: created,
      updatedAt: created + 60_000,
    };
    if (vmState === 'error') {
      server.fault = {
        code: 500,
        message: 'Build of instance aborted: Failed to allocate the network(s), not rescheduling.',
        details: 'Traceback (most recent call last): ...',
        created: created + 30_000,
      };
    }
    cloud.servers.put(server);
    servers.push(server);
    if (role === 'db' && tenant.id === demo.id) antiAffinity.members.push(server.id);
    for (const networkRow of projectNetworks.get(tenant.id) ?? []) {
      const port = createPort(world, {
        networkId: networkRow.id,
        projectId: tenant.id,
        deviceId: server.id,
        deviceOwner: `compute:${server.availabilityZone}`,
        ...(onHost ? { bindingHost: host.serviceHost } : {}),
      });
      port.createdAt = port.updatedAt = created;
    }
  }

  const running = servers.filter((server) => server.vmState === 'active');
  for (let index = 0; index < size.floatingIps; index += 1) {
    const server = running[index];
    const port = server ? [...cloud.ports.values()].find((candidate) => candidate.deviceId === server.id) : undefined;
    const router = port ? [...cloud.routers.values()].find((candidate) => candidate.projectId === port.projectId) : undefined;
    cloud.floatingIps.put({
      id: uuid(),
      projectId: port?.projectId ?? demo.id,
      floatingNetworkId: publicNet.id,
      floatingIpAddress: allocateAddress(publicSubnet),
      fixedIpAddress: port?.fixedIps[0]?.ipAddress ?? null,
      portId: port?.id ?? null,
      routerId: router?.id ?? null,
      status: port ? 'ACTIVE' : 'DOWN',
      description: '',
      tags: [],
      revision: 1,
      createdAt: start,
      updatedAt: start,
    });
  }

  const volumeTypes: SimVolumeType[] = [
    { id: uuid(), name: '__DEFAULT__', description: 'Default Volume Type', isPublic: true, extraSpecs: {} },
    { id: uuid(), name: 'ssd', description: 'Fast storage', isPublic: true, extraSpecs: { volume_backend_name: 'fast' } },
  ];
  for (const type of volumeTypes) cloud.volumeTypes.put(type);
  for (let index = 0; index < size.volumes; index += 1) {
    const server = servers[index % Math.max(1, servers.length)];
    const attach = server !== undefined && index < size.volumes * 0.7 && server.hypervisorId !== undefined;
    const created = start + index * 30_000;
    const volume = cloud.volumes.put({
      id: uuid(),
      name: attach ? `${server.name.replace(/[^a-z0-9-]/gi, '')}-data` : `spare-${index + 1}`,
      projectId: server?.projectId ?? demo.id,
      userId: server?.userId ?? demoUser.id,
      size: random.pick([1, 10, 20, 50, 100, 200]),
      status: attach ? 'in-use' : 'available',
      availabilityZone: 'nova',
      volumeTypeId: (volumeTypes[index % 2] as SimVolumeType).id,
      bootable: false,
      attachments: attach
        ? [{ id: uuid(), serverId: server.id, device: '/dev/vdb', attachedAt: created + 60_000, hostName: hypervisorHost(cloud, server) }]
        : [],
      description: null,
      metadata: {},
      snapshotId: null,
      sourceVolumeId: null,
      host: 'controller@fake#fake',
      createdAt: created,
      updatedAt: created + 60_000,
    });
    if (index % 5 === 0) {
      cloud.snapshots.put({
        id: uuid(),
        name: `${volume.name}-nightly`,
        volumeId: volume.id,
        projectId: volume.projectId,
        userId: volume.userId,
        size: volume.size,
        status: 'available',
        description: 'Nightly snapshot',
        metadata: {},
        createdAt: created + 3_600_000,
        updatedAt: created + 3_600_000,
      });
    }
  }

  const snapshotSource = servers.find((server) => server.vmState === 'active' && server.projectId === demo.id);
  if (snapshotSource) {
    const instanceSnapshot = snapshotImage(world, snapshotSource, `${snapshotSource.name}-before-upgrade`, {});
    finishUpload(instanceSnapshot, 22_020_096);
    instanceSnapshot.createdAt = instanceSnapshot.updatedAt = start + 3_600_000;
    cloud.images.changed();
  }
  return world;
}

function hypervisorHost(cloud: SimCloud, server: SimServer): string | null {
  return server.hypervisorId ? (cloud.hypervisors.get(server.hypervisorId)?.serviceHost ?? null) : null;
}
