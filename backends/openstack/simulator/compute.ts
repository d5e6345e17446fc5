import { createHash } from 'node:crypto';
import type { SimHttpError } from './http';
import {
  Router,
  badRequest,
  conflict,
  forbidden,
  isoSeconds,
  notFound,
  reply,
  requestedMicroversion,
  versionAtLeast,
  type SimReply,
  type SimRequest,
} from './http';
import {
  bumpPort,
  createPort,
  finishEvent,
  finishUpload,
  hostUsage,
  hypervisorOf,
  portsOf,
  powerStates,
  recordAction,
  requireState,
  runTask,
  scheduleHost,
  serverStatus,
  snapshotImage,
  touch,
} from './lifecycle';
import { collectionLinks, pageParams, slicePage } from './paging';
import { newestFirst, type SimFlavor, type SimHypervisor, type SimInstanceAction, type SimPort, type SimServer } from './state';
import type { Caller, SimWorld } from './world';

export const novaVersions = { min: [2, 1] as const, max: [2, 93] as const };
const maxLimit = 1000;

export interface NovaCall {
  request: SimRequest;
  caller: Caller;
  version: [number, number];
}

const policyDenied = (rule: string): SimHttpError => forbidden(`Policy doesn't allow ${rule} to be performed.`);
const isTrue = (value: string | null): boolean => value !== null && ['1', 'true', 'yes', 'on', 't', 'y'].includes(value.toLowerCase());
/** Python's datetime.isoformat() of a naive UTC time, as Nova writes launched_at and aggregate times. */
const naiveIso = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000');

export function novaRouter(world: SimWorld): Router<NovaCall> {
  const cloud = world.cloud;

  const visibleServer = (call: NovaCall, id: string | undefined): SimServer => {
    const server = cloud.servers.get(id ?? '');
    if (!server || (!call.caller.isAdmin && server.projectId !== call.caller.projectId))
      throw notFound(`Instance ${id} could not be found.`);
    return server;
  };
  const requireAdmin = (call: NovaCall, rule: string): void => {
    if (!call.caller.isAdmin) throw policyDenied(rule);
  };

  const link = (call: NovaCall, collection: string, id: string): Array<{ rel: string; href: string }> => [
    { rel: 'self', href: `${call.request.base}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${call.request.base}/${collection}/${id}` },
  ];

  const flavorOf = (call: NovaCall, server: SimServer): Record<string, unknown> => {
    const flavor = cloud.flavors.get(server.flavorId);
    if (!versionAtLeast(call.version, 2, 47))
      return { id: server.flavorId, links: [{ rel: 'bookmark', href: `${call.request.base}/flavors/${server.flavorId}` }] };
    return {
      vcpus: flavor?.vcpus ?? 1,
      ram: flavor?.ram ?? 512,
      disk: flavor?.disk ?? 1,
      ephemeral: flavor?.ephemeral ?? 0,
      swap: 0,
      original_name: flavor?.name ?? server.flavorId,
      extra_specs: { ...(flavor?.extraSpecs ?? {}) },
    };
  };

  /** Ports by device, floating IPs by port and volumes by server, built once per answer. */
  const addressBook = (): { ports: Map<string, SimPort[]>; floating: Map<string, string[]>; volumes: Map<string, string[]> } => {
    const ports = new Map<string, SimPort[]>();
    for (const port of cloud.ports.values()) {
      if (!port.deviceOwner.startsWith('compute:')) continue;
      const list = ports.get(port.deviceId);
      if (list) list.push(port);
      else ports.set(port.deviceId, [port]);
    }
    const floating = new Map<string, string[]>();
    for (const ip of cloud.floatingIps.values()) {
      if (!ip.portId) continue;
      floating.set(ip.portId, [...(floating.get(ip.portId) ?? []), ip.floatingIpAddress]);
    }
    const volumes = new Map<string, string[]>();
    for (const volume of cloud.volumes.values()) {
      for (const attachment of volume.attachments)
        volumes.set(attachment.serverId, [...(volumes.get(attachment.serverId) ?? []), volume.id]);
    }
    return { ports, floating, volumes };
  };

  const addressesOf = (server: SimServer, book: ReturnType<typeof addressBook>): Record<string, unknown[]> => {
    const addresses: Record<string, unknown[]> = {};
    for (const port of book.ports.get(server.id) ?? []) {
      const network = cloud.networks.get(port.networkId);
      const entries = (addresses[network?.name ?? port.networkId] ??= []);
      for (const fixed of port.fixedIps) {
        entries.push({
          version: fixed.ipAddress.includes(':') ? 6 : 4,
          addr: fixed.ipAddress,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': port.macAddress,
        });
      }
      for (const address of book.floating.get(port.id) ?? []) {
        entries.push({ version: 4, addr: address, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': port.macAddress });
      }
    }
    return addresses;
  };

  const serverView = (call: NovaCall, server: SimServer, book: ReturnType<typeof addressBook>, show: boolean): Record<string, unknown> => {
    const { version, caller } = call;
    const hypervisor = hypervisorOf(world, server);
    const status = serverStatus(server);
    const view: Record<string, unknown> = {
      id: server.id,
      name: server.name,
      status,
      tenant_id: server.projectId,
      user_id: server.userId,
      metadata: { ...server.metadata },
      hostId: hypervisor
        ? createHash('sha224')
            .update(server.projectId + hypervisor.serviceHost)
            .digest('hex')
        : '',
      image: server.imageId
        ? { id: server.imageId, links: [{ rel: 'bookmark', href: `${call.request.base}/images/${server.imageId}` }] }
        : '',
      flavor: flavorOf(call, server),
      created: isoSeconds(server.createdAt),
      updated: isoSeconds(server.updatedAt),
      addresses: addressesOf(server, book),
      accessIPv4: '',
      accessIPv6: '',
      links: link(call, 'servers', server.id),
      'OS-DCF:diskConfig': 'MANUAL',
    };
    if ((status === 'ERROR' || status === 'DELETED') && server.fault) {
      const fault: Record<string, unknown> = {
        code: server.fault.code,
        created: isoSeconds(server.fault.created),
        message: server.fault.message,
      };
      if (caller.isAdmin || server.fault.code !== 500) fault.details = server.fault.details;
      view.fault = fault;
    }
    if (['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING'].includes(status)) view.progress = 0;
    view['OS-EXT-AZ:availability_zone'] = hypervisor || server.vmState !== 'building' ? server.availabilityZone : '';
    view.config_drive = '';
    view.key_name = server.keyName;
    view['OS-SRV-USG:launched_at'] = server.launchedAt ? naiveIso(server.launchedAt) : null;
    view['OS-SRV-USG:terminated_at'] = server.deletedAt ? naiveIso(server.deletedAt) : null;
    const ports = book.ports.get(server.id) ?? [];
    const groupNames = new Set(ports.flatMap((port) => port.securityGroupIds.map((id) => cloud.securityGroups.get(id)?.name ?? id)));
    if (groupNames.size > 0) view.security_groups = [...groupNames].map((name) => ({ name }));
    if (caller.isAdmin) {
      view['OS-EXT-SRV-ATTR:host'] = hypervisor?.serviceHost ?? null;
      view['OS-EXT-SRV-ATTR:instance_name'] = `instance-${server.reservationId.slice(2, 10)}`;
      view['OS-EXT-SRV-ATTR:hypervisor_hostname'] = hypervisor?.hostname ?? null;
      if (versionAtLeast(version, 2, 3)) {
        view['OS-EXT-SRV-ATTR:reservation_id'] = server.reservationId;
        view['OS-EXT-SRV-ATTR:launch_index'] = 0;
        view['OS-EXT-SRV-ATTR:hostname'] = server.hostname;
        view['OS-EXT-SRV-ATTR:kernel_id'] = '';
        view['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
        view['OS-EXT-SRV-ATTR:root_device_name'] = '/dev/vda';
        view['OS-EXT-SRV-ATTR:user_data'] = null;
      }
    }
    view['OS-EXT-STS:task_state'] = server.taskState;
    view['OS-EXT-STS:vm_state'] = server.vmState;
    view['OS-EXT-STS:power_state'] = server.powerState;
    view['os-extended-volumes:volumes_attached'] = (book.volumes.get(server.id) ?? []).map((id) =>
      versionAtLeast(version, 2, 3) ? { id, delete_on_termination: false } : { id },
    );
    if (versionAtLeast(version, 2, 16) && caller.isAdmin) view.host_status = hypervisor ? 'UP' : '';
    if (versionAtLeast(version, 2, 9)) view.locked = server.locked;
    if (versionAtLeast(version, 2, 73)) view.locked_reason = null;
    if (versionAtLeast(version, 2, 19)) view.description = server.description;
    if (versionAtLeast(version, 2, 26)) view.tags = [...server.tags];
    if (versionAtLeast(version, 2, 63)) view.trusted_image_certificates = null;
    if (versionAtLeast(version, 2, 90) && !caller.isAdmin) view['OS-EXT-SRV-ATTR:hostname'] = server.hostname;
    if (show && versionAtLeast(version, 2, 71)) {
      view.server_groups = [...cloud.serverGroups.values()].filter((group) => group.members.includes(server.id)).map((group) => group.id);
    }
    return view;
  };

  const listServers = (call: NovaCall, detail: boolean): SimReply => {
    const params = call.request.url.searchParams;
    const allTenants = isTrue(params.get('all_tenants'));
    if (allTenants) requireAdmin(call, `os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`);
    const changesSince = params.get('changes-since');
    const since = changesSince ? Date.parse(changesSince.replace(' ', '+')) : undefined;
    if (changesSince && Number.isNaN(since))
      throw badRequest(`Invalid input for query parameters changes-since. Value: ${changesSince}. '${changesSince}' is not a 'date-time'`);
    const project = allTenants ? (params.get('project_id') ?? params.get('tenant_id')) : call.caller.projectId;
    const name = params.get('name');
    const nameMatch = name ? new RegExp(name) : undefined;
    const status = params.get('status')?.toUpperCase();
    const source: readonly SimServer[] =
      since === undefined ? cloud.servers.sorted() : [...cloud.servers.values(), ...cloud.deletedServers.values()].sort(newestFirst);
    const rows = source.filter(
      (server) =>
        (!project || server.projectId === project) &&
        (since === undefined || server.updatedAt >= since) &&
        (!nameMatch || nameMatch.test(server.name)) &&
        (!status || serverStatus(server) === status),
    );
    const page = pageParams(call.request, maxLimit);
    const items = slicePage(rows, page, (marker) => badRequest(`marker [${marker}] not found`));
    const book = addressBook();
    const body: Record<string, unknown> = {
      servers: items.map((server) =>
        detail ? serverView(call, server, book, false) : { id: server.id, name: server.name, links: link(call, 'servers', server.id) },
      ),
    };
    const links = collectionLinks(call.request, items, page.limit, { sortParams: true });
    if (links.length) body.servers_links = links;
    return reply(200, body);
  };

  const flavorView = (call: NovaCall, flavor: SimFlavor): Record<string, unknown> => {
    const view: Record<string, unknown> = {
      id: flavor.id,
      name: flavor.name,
      ram: flavor.ram,
      disk: flavor.disk,
      swap: versionAtLeast(call.version, 2, 75) ? 0 : '',
      'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral,
      'OS-FLV-DISABLED:disabled': false,
      vcpus: flavor.vcpus,
      'os-flavor-access:is_public': flavor.isPublic,
      rxtx_factor: 1.0,
      links: link(call, 'flavors', flavor.id),
    };
    if (versionAtLeast(call.version, 2, 55)) view.description = null;
    if (versionAtLeast(call.version, 2, 61)) view.extra_specs = { ...flavor.extraSpecs };
    return view;
  };

  const hypervisorView = (call: NovaCall, hypervisor: SimHypervisor): Record<string, unknown> => {
    const uuids = versionAtLeast(call.version, 2, 53);
    const view: Record<string, unknown> = {
      id: uuids ? hypervisor.id : hypervisorNumber(hypervisor),
      hypervisor_hostname: hypervisor.hostname,
      state: hypervisor.state,
      status: hypervisor.status,
      hypervisor_type: 'fake',
      hypervisor_version: 1000,
      host_ip: hypervisor.hostIp,
      service: {
        id: uuids ? hypervisor.serviceId : hypervisorNumber(hypervisor) + 100,
        host: hypervisor.serviceHost,
        disabled_reason: null,
      },
    };
    if (!versionAtLeast(call.version, 2, 88)) {
      const usage = hostUsage(world, hypervisor.id);
      const used = { vcpus: usage.vcpus, ram: usage.ram + 512, disk: usage.disk };
      Object.assign(view, {
        vcpus: hypervisor.vcpus,
        memory_mb: hypervisor.memoryMb,
        local_gb: hypervisor.localGb,
        vcpus_used: used.vcpus,
        memory_mb_used: used.ram,
        local_gb_used: used.disk,
        free_ram_mb: hypervisor.memoryMb - used.ram,
        free_disk_gb: hypervisor.localGb - used.disk,
        current_workload: 0,
        running_vms: usage.servers,
        disk_available_least: 0,
        cpu_info: versionAtLeast(call.version, 2, 28)
          ? {
              arch: 'x86_64',
              model: 'Nehalem',
              vendor: 'Intel',
              features: ['pge', 'clflush'],
              topology: { cores: 1, threads: 1, sockets: 4 },
            }
          : '{}',
      });
    } else {
      view.uptime = ` ${new Date().toISOString().slice(11, 19)} up ${Math.max(1, Math.floor((Date.now() - hypervisor.startedAt) / 86_400_000))} days,  2 users,  load average: 0.20, 0.12, 0.14`;
    }
    return view;
  };
  const listHypervisors = (call: NovaCall, detail: boolean): SimReply => {
    requireAdmin(call, `os_compute_api:os-hypervisors:${detail ? 'list-detail' : 'list'}`);
    const paged = versionAtLeast(call.version, 2, 33);
    const page = paged ? pageParams(call.request, maxLimit) : {};
    const items = slicePage(cloud.hypervisors.sorted(), page);
    const body: Record<string, unknown> = {
      hypervisors: items.map((hypervisor) => {
        const view = hypervisorView(call, hypervisor);
        return detail ? view : { id: view.id, hypervisor_hostname: view.hypervisor_hostname, state: view.state, status: view.status };
      }),
    };
    const links = paged ? collectionLinks(call.request, items, page.limit, { sortParams: true }) : [];
    if (links.length) body.hypervisors_links = links;
    return reply(200, body);
  };

  const listFlavors = (call: NovaCall, detail: boolean): SimReply => {
    if (versionAtLeast(call.version, 2, 75)) {
      const allowed = new Set(['limit', 'marker', 'is_public', 'minRam', 'minDisk', 'sort_key', 'sort_dir']);
      const unexpected = [...new Set(call.request.url.searchParams.keys())].filter((key) => !allowed.has(key));
      if (unexpected.length) {
        const names = unexpected.map((key) => `'${key}'`).join(', ');
        throw badRequest(`Additional properties are not allowed (${names} ${unexpected.length > 1 ? 'were' : 'was'} unexpected)`);
      }
    }
    const page = pageParams(call.request, maxLimit);
    const items = slicePage(cloud.flavors.sorted(), page);
    const body: Record<string, unknown> = {
      flavors: items.map((flavor) => {
        if (detail) return flavorView(call, flavor);
        return {
          id: flavor.id,
          name: flavor.name,
          links: link(call, 'flavors', flavor.id),
          ...(versionAtLeast(call.version, 2, 55) ? { description: null } : {}),
        };
      }),
    };
    const links = collectionLinks(call.request, items, page.limit, { sortParams: true });
    if (links.length) body.flavors_links = links;
    return reply(200, body);
  };

  const hypervisorNumber = (hypervisor: SimHypervisor): number => (cloud.hypervisors.position(hypervisor.id) ?? 0) + 1;

  const startAction = async (call: NovaCall, server: SimServer): Promise<SimReply> => {
    const body = await call.request.json();
    const [name] = Object.keys(body);
    const { caller, request } = call;
    const host = hypervisorOf(world, server)?.serviceHost;
    const simple = simpleActions[name ?? ''];
    if (simple) {
      requireState(server, simple.verb, simple.from);
      const action = recordAction(world, server, simple.verb, caller, request.requestId);
      runTask(world, server, simple.task, () => {
        server.vmState = simple.to;
        server.powerState = simple.power;
        finishEvent(action, `compute_${simple.verb}_instance`, host);
      });
      return reply(202);
    }
    switch (name) {
      case 'reboot': {
        const type = String((body.reboot as { type?: string } | undefined)?.type ?? '').toUpperCase();
        if (type !== 'SOFT' && type !== 'HARD')
          throw badRequest(
            'Invalid input for field/attribute type. Value: ' +
              type +
              ". 'type' must be one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']",
          );
        requireState(server, 'reboot', type === 'SOFT' ? ['active'] : ['active', 'stopped', 'paused', 'suspended', 'error']);
        const action = recordAction(world, server, 'reboot', caller, request.requestId);
        runTask(world, server, type === 'SOFT' ? 'rebooting' : 'rebooting_hard', () => {
          server.vmState = 'active';
          server.powerState = powerStates.running;
          finishEvent(action, 'compute_reboot_instance', host);
        });
        return reply(202);
      }
      case 'createImage': {
        const wanted = body.createImage as { name?: string; metadata?: Record<string, string> } | undefined;
        if (!wanted?.name) throw badRequest("Invalid input for field/attribute createImage. Value: {}. 'name' is a required property");
        requireState(server, 'createImage', ['active', 'stopped', 'paused', 'suspended']);
        const action = recordAction(world, server, 'createImage', caller, request.requestId);
        const image = snapshotImage(world, server, wanted.name, wanted.metadata ?? {});
        runTask(world, server, 'image_snapshot', () => {
          finishUpload(image, 1024);
          finishEvent(action, 'compute_snapshot_instance', host);
        });
        if (versionAtLeast(call.version, 2, 45)) return reply(202, { image_id: image.id });
        return reply(202, undefined, { location: `${request.url.origin}/image/v2/images/${image.id}` });
      }
      case 'shelve': {
        requireState(server, 'shelve', ['active', 'stopped', 'paused', 'suspended']);
        const action = recordAction(world, server, 'shelve', caller, request.requestId);
        const image = snapshotImage(world, server, `${server.name}-shelved`, {});
        runTask(world, server, 'shelving', () => {
          finishUpload(image, 1024);
          server.vmState = 'shelved_offloaded';
          server.powerState = powerStates.shutdown;
          shelvedImages.set(server.id, image.id);
          delete server.hypervisorId;
          for (const port of portsOf(world, server.id)) bumpPort(port, { bindingHost: '', status: 'DOWN' });
          finishEvent(action, 'compute_shelve_instance', host);
        });
        return reply(202);
      }
      case 'unshelve': {
        requireState(server, 'unshelve', ['shelved', 'shelved_offloaded']);
        const action = recordAction(world, server, 'unshelve', caller, request.requestId);
        const target = scheduleHost(world, server.availabilityZone);
        runTask(world, server, 'unshelving', () => {
          if (!target) {
            finishEvent(action, 'compute_unshelve_instance', undefined, 'No valid host was found. There are not enough hosts available.');
            return;
          }
          server.hypervisorId = target.id;
          server.vmState = 'active';
          server.powerState = powerStates.running;
          for (const port of portsOf(world, server.id)) bumpPort(port, { bindingHost: target.serviceHost, status: 'ACTIVE' });
          const shelved = shelvedImages.get(server.id);
          if (shelved) cloud.images.delete(shelved);
          shelvedImages.delete(server.id);
          finishEvent(action, 'compute_unshelve_instance', target.serviceHost);
        });
        return reply(202);
      }
      case 'os-migrateLive': {
        requireAdmin(call, 'os_compute_api:os-migrate-server:migrate_live');
        const wanted = body['os-migrateLive'] as { host?: string | null } | undefined;
        requireState(server, 'os-migrateLive', ['active', 'paused']);
        const current = hypervisorOf(world, server);
        if (wanted?.host && wanted.host === current?.serviceHost) {
          throw badRequest(`Unable to migrate instance (${server.id}) to current host (${wanted.host}).`);
        }
        const destination = wanted?.host
          ? [...cloud.hypervisors.values()].find((candidate) => candidate.serviceHost === wanted.host)
          : scheduleHost(world, undefined, current?.id);
        if (wanted?.host && !destination) throw badRequest(`Compute host ${wanted.host} could not be found.`);
        const action = recordAction(world, server, 'live-migration', caller, request.requestId);
        runTask(world, server, 'migrating', () => {
          if (!destination) {
            finishEvent(
              action,
              'conductor_live_migrate_instance',
              undefined,
              'No valid host was found. There are not enough hosts available.',
            );
            return;
          }
          server.hypervisorId = destination.id;
          server.availabilityZone = destination.availabilityZone;
          for (const port of portsOf(world, server.id)) bumpPort(port, { bindingHost: destination.serviceHost });
          finishEvent(action, 'conductor_live_migrate_instance', destination.serviceHost);
        });
        return reply(202);
      }
      case 'os-getConsoleOutput': {
        if (!server.hypervisorId) throw conflict(`Instance ${server.id} is not ready`);
        const length = (body['os-getConsoleOutput'] as { length?: number | string | null } | undefined)?.length;
        const lines = ['FAKE CONSOLE OUTPUT', 'ANOTHER', 'LAST LINE'];
        const count = length === undefined || length === null || length === '' ? lines.length : Number(length);
        return reply(200, { output: lines.slice(-count).join('\n') });
      }
      default:
        throw badRequest(`There is no such action: ${name ?? ''}`);
    }
  };
  const shelvedImages = new Map<string, string>();

  const createServer = async (call: NovaCall): Promise<SimReply> => {
    const wanted = (await call.request.json<{ server?: Record<string, unknown> }>()).server;
    if (!wanted) throw badRequest("Invalid input for field/attribute server. Value: None. 'server' is a required property");
    const name = String(wanted.name ?? '');
    if (!name) throw badRequest("Invalid input for field/attribute name. Value: None. 'name' is a required property");
    const flavorRef =
      String(wanted.flavorRef ?? '')
        .split('/')
        .pop() ?? '';
    const flavor = cloud.flavors.get(flavorRef) ?? [...cloud.flavors.values()].find((candidate) => candidate.name === flavorRef);
    if (!flavor) throw badRequest(`Flavor ${flavorRef} could not be found.`);
    const imageId =
      String(wanted.imageRef ?? '')
        .split('/')
        .pop() ?? '';
    const image = cloud.images.get(imageId);
    if (!image) throw badRequest(`Image ${imageId} could not be found.`);
    if (image.status !== 'active') throw badRequest(`Image ${imageId} is not active.`);
    const caller = call.caller;
    const networks = wanted.networks;
    let networkIds: string[];
    if (networks === 'none') networkIds = [];
    else if (networks === 'auto' || networks === undefined) {
      const own = [...cloud.networks.values()].find((network) => network.projectId === caller.projectId && !network.external);
      if (!own) throw badRequest('Unable to automatically allocate a network for project');
      networkIds = [own.id];
    } else if (Array.isArray(networks)) {
      networkIds = (networks as Array<{ uuid?: string }>).map((entry) => {
        const network = cloud.networks.get(entry.uuid ?? '');
        if (!network || (!network.shared && !network.external && network.projectId !== caller.projectId && !caller.isAdmin)) {
          throw badRequest(`Network ${entry.uuid} could not be found.`);
        }
        return network.id;
      });
    } else throw badRequest("Invalid input for field/attribute networks. Value: None. 'networks' is a required property");
    const zone = typeof wanted.availability_zone === 'string' && wanted.availability_zone ? wanted.availability_zone : undefined;
    const now = Date.now();
    const server: SimServer = {
      id: world.uuid(),
      name,
      projectId: caller.projectId,
      userId: caller.userId,
      flavorId: flavor.id,
      imageId: image.id,
      availabilityZone: zone ?? 'nova',
      vmState: 'building',
      taskState: 'scheduling',
      powerState: powerStates.nostate,
      keyName: typeof wanted.key_name === 'string' ? wanted.key_name : null,
      metadata: (wanted.metadata as Record<string, string> | undefined) ?? {},
      tags: [],
      description: typeof wanted.description === 'string' ? wanted.description : null,
      locked: false,
      securityGroups: ['default'],
      hostname:
        name
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'server',
      reservationId: `r-${world.uuid().slice(0, 8)}`,
      createdAt: now,
      updatedAt: now,
    };
    cloud.servers.put(server);
    const ports = networkIds.map((networkId) =>
      createPort(world, { networkId, projectId: caller.projectId, deviceId: server.id, deviceOwner: `compute:${server.availabilityZone}` }),
    );
    const action = recordAction(world, server, 'create', caller, call.request.requestId);
    world.later(() => {
      if (!cloud.servers.get(server.id)) return;
      const host = scheduleHost(world, zone);
      server.taskState = null;
      if (!host) {
        server.vmState = 'error';
        server.fault = {
          code: 500,
          message: 'No valid host was found. There are not enough hosts available.',
          details: 'Traceback (most recent call last):\n  ...',
          created: Date.now(),
        };
        finishEvent(action, 'conductor_schedule_and_build_instances', undefined, server.fault.message);
      } else {
        server.hypervisorId = host.id;
        server.availabilityZone = host.availabilityZone;
        server.vmState = 'active';
        server.powerState = powerStates.running;
        server.launchedAt = Date.now();
        for (const port of ports)
          bumpPort(port, { bindingHost: host.serviceHost, status: 'ACTIVE', deviceOwner: `compute:${host.availabilityZone}` });
        finishEvent(action, 'compute__do_build_and_run_instance', host.serviceHost);
      }
      touch(server);
    });
    return reply(202, {
      server: {
        id: server.id,
        links: link(call, 'servers', server.id),
        'OS-DCF:diskConfig': 'MANUAL',
        security_groups: [{ name: 'default' }],
        adminPass: world.secret().slice(0, 12),
      },
    });
  };

  const deleteServer = (call: NovaCall, server: SimServer): SimReply => {
    if (server.locked && !call.caller.isAdmin) throw conflict(`Instance ${server.id} is locked`);
    const action = recordAction(world, server, 'delete', call.caller, call.request.requestId);
    server.taskState = 'deleting';
    touch(server);
    world.later(() => {
      if (!cloud.servers.delete(server.id)) return;
      for (const port of portsOf(world, server.id)) {
        for (const ip of cloud.floatingIps.values()) {
          if (ip.portId === port.id)
            Object.assign(ip, {
              portId: null,
              fixedIpAddress: null,
              routerId: null,
              status: 'DOWN',
              revision: ip.revision + 1,
              updatedAt: Date.now(),
            });
        }
        cloud.ports.delete(port.id);
      }
      for (const volume of cloud.volumes.values()) {
        if (volume.attachments.some((attachment) => attachment.serverId === server.id)) {
          volume.attachments = volume.attachments.filter((attachment) => attachment.serverId !== server.id);
          volume.status = volume.attachments.length ? 'in-use' : 'available';
          volume.updatedAt = Date.now();
        }
      }
      for (const group of cloud.serverGroups.values()) group.members = group.members.filter((member) => member !== server.id);
      Object.assign(server, {
        vmState: 'deleted',
        taskState: null,
        powerState: powerStates.nostate,
        deletedAt: Date.now(),
        updatedAt: Date.now(),
      });
      delete server.hypervisorId;
      cloud.deletedServers.put(server);
      finishEvent(action, 'compute_terminate_instance', undefined);
    });
    return reply(204);
  };

  const versionDocument = (request: SimRequest): Record<string, unknown> => ({
    id: 'v2.1',
    status: 'CURRENT',
    version: novaVersions.max.join('.'),
    min_version: novaVersions.min.join('.'),
    updated: '2013-07-23T11:33:21Z',
    links: [
      { rel: 'self', href: `${request.base}/v2.1/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  });

  /** The server's recorded actions; a seeded server gets the "create" it would have had. */
  const actionsOf = (server: SimServer): SimInstanceAction[] => {
    const recorded = cloud.instanceActions.filter((entry) => entry.serverId === server.id);
    if (recorded.some((entry) => entry.action === 'create')) return recorded;
    const created = server.launchedAt ?? server.createdAt;
    return [
      {
        requestId: `req-${server.reservationId.slice(2)}-0000-4000-8000-${server.id.slice(-12)}`,
        serverId: server.id,
        action: 'create',
        userId: server.userId,
        projectId: server.projectId,
        startTime: server.createdAt,
        updatedAt: created,
        message: null,
        events: [
          {
            event: 'compute__do_build_and_run_instance',
            startTime: server.createdAt,
            finishTime: created,
            result: 'Success',
            host: hypervisorOf(world, server)?.serviceHost ?? '',
          },
        ],
      },
      ...recorded,
    ];
  };

  const actionView = (entry: (typeof cloud.instanceActions)[number], call: NovaCall, withEvents: boolean): Record<string, unknown> => {
    const view: Record<string, unknown> = {
      action: entry.action,
      instance_uuid: entry.serverId,
      request_id: entry.requestId,
      user_id: entry.userId,
      project_id: entry.projectId,
      start_time: naiveIso(entry.startTime),
      message: entry.message,
    };
    if (versionAtLeast(call.version, 2, 58)) view.updated_at = naiveIso(entry.updatedAt);
    if (withEvents) {
      view.events = entry.events.map((event) => {
        const shown: Record<string, unknown> = {
          event: event.event,
          start_time: naiveIso(event.startTime),
          finish_time: event.finishTime ? naiveIso(event.finishTime) : null,
          result: event.result,
        };
        if (call.caller.isAdmin) shown.traceback = event.traceback ?? null;
        if (versionAtLeast(call.version, 2, 62)) {
          shown.hostId = event.host
            ? createHash('sha224')
                .update(entry.projectId + event.host)
                .digest('hex')
            : '';
          if (call.caller.isAdmin) shown.host = event.host ?? '';
        }
        if (versionAtLeast(call.version, 2, 84)) shown.details = event.details ?? null;
        return shown;
      });
    }
    return view;
  };

  return new Router<NovaCall>()
    .on('GET', '/v2.1', (call) => reply(200, { version: versionDocument(call.request) }))
    .on('GET', '/v2.1/servers', (call) => listServers(call, false))
    .on('GET', '/v2.1/servers/detail', (call) => listServers(call, true))
    .on('POST', '/v2.1/servers', (call) => createServer(call))
    .on('GET', '/v2.1/servers/{id}', (call, { id }) =>
      reply(200, { server: serverView(call, visibleServer(call, id), addressBook(), true) }),
    )
    .on('DELETE', '/v2.1/servers/{id}', (call, { id }) => deleteServer(call, visibleServer(call, id)))
    .on('POST', '/v2.1/servers/{id}/action', (call, { id }) => startAction(call, visibleServer(call, id)))
    .on('POST', '/v2.1/servers/{id}/remote-consoles', async (call, { id }) => {
      const server = visibleServer(call, id);
      const wanted = (await call.request.json<{ remote_console?: { protocol?: string; type?: string } }>()).remote_console;
      if (!versionAtLeast(call.version, 2, 6)) throw notFound('The resource could not be found.');
      if (!server.hypervisorId || server.vmState !== 'active') throw conflict(`Instance ${server.id} is not ready`);
      const token = world.uuid();
      if (wanted?.protocol === 'vnc' && wanted.type === 'novnc') {
        return reply(200, {
          remote_console: { protocol: 'vnc', type: 'novnc', url: `http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D${token}` },
        });
      }
      if (wanted?.protocol === 'serial' && wanted.type === 'serial') {
        if (!world.behaviour.serialConsole) throw badRequest('Unavailable console type serial.');
        return reply(200, { remote_console: { protocol: 'serial', type: 'serial', url: `ws://127.0.0.1:6083/?token=${token}` } });
      }
      throw badRequest(`Unavailable console type ${wanted?.type ?? ''}.`);
    })
    .on('GET', '/v2.1/servers/{id}/diagnostics', (call, { id }) => {
      requireAdmin(call, 'os_compute_api:os-server-diagnostics');
      const server = visibleServer(call, id);
      if (!server.hypervisorId) throw conflict(`Instance ${server.id} is not ready`);
      if (!versionAtLeast(call.version, 2, 48)) {
        return reply(200, {
          cpu0_time: 17300000000,
          memory: 524288,
          vda_errors: -1,
          vda_read: 262144,
          vda_read_req: 112,
          vda_write: 5778432,
          vda_write_req: 488,
          vnet1_rx: 2070139,
          vnet1_rx_drop: 0,
          vnet1_rx_errors: 0,
          vnet1_rx_packets: 26701,
          vnet1_tx: 140208,
          vnet1_tx_drop: 0,
          vnet1_tx_errors: 0,
          vnet1_tx_packets: 662,
        });
      }
      return reply(200, {
        state: 'running',
        driver: 'libvirt',
        hypervisor: 'kvm',
        hypervisor_os: 'ubuntu',
        uptime: 46664,
        config_drive: true,
        num_cpus: 1,
        num_nics: 1,
        num_disks: 1,
        disk_details: [{ read_bytes: 262144, read_requests: 112, write_bytes: 5778432, write_requests: 488, errors_count: 1 }],
        cpu_details: [{ id: 0, time: 17300000000, utilisation: 15 }],
        nic_details: [
          {
            mac_address: '01:23:45:67:89:ab',
            rx_octets: 2070139,
            rx_errors: 100,
            rx_drop: 200,
            rx_packets: 26701,
            rx_rate: 300,
            tx_octets: 140208,
            tx_errors: 400,
            tx_drop: 500,
            tx_packets: 662,
            tx_rate: 600,
          },
        ],
        memory_details: { maximum: 524288, used: 0 },
      });
    })
    .on('GET', '/v2.1/servers/{id}/os-instance-actions', (call, { id }) => {
      const server = cloud.servers.get(id ?? '') ?? cloud.deletedServers.get(id ?? '');
      if (!server || (!call.caller.isAdmin && server.projectId !== call.caller.projectId))
        throw notFound(`Instance ${id} could not be found.`);
      const entries = actionsOf(server).sort((a, b) => b.startTime - a.startTime);
      return reply(200, { instanceActions: entries.map((entry) => actionView(entry, call, false)) });
    })
    .on('GET', '/v2.1/servers/{id}/os-instance-actions/{requestId}', (call, { id, requestId }) => {
      const server = cloud.servers.get(id ?? '') ?? cloud.deletedServers.get(id ?? '');
      if (!server || (!call.caller.isAdmin && server.projectId !== call.caller.projectId))
        throw notFound(`Instance ${id} could not be found.`);
      const entry = actionsOf(server).find((candidate) => candidate.requestId === requestId);
      if (!entry) throw notFound(`Action for request_id ${requestId} on instance ${server.id} not found`);
      return reply(200, { instanceAction: actionView(entry, call, true) });
    })
    .on('POST', '/v2.1/servers/{id}/os-volume_attachments', async (call, { id }) => {
      const server = visibleServer(call, id);
      const wanted = (await call.request.json<{ volumeAttachment?: { volumeId?: string; device?: string } }>()).volumeAttachment;
      const volume = cloud.volumes.get(wanted?.volumeId ?? '');
      if (!volume || (!call.caller.isAdmin && volume.projectId !== call.caller.projectId))
        throw notFound(`Volume ${wanted?.volumeId} could not be found.`);
      if (volume.status !== 'available')
        throw badRequest(`Invalid volume: volume ${volume.id} status must be available or downloading (${volume.status})`);
      const taken = new Set(
        cloud.volumes.sorted().flatMap((candidate) => candidate.attachments.filter((a) => a.serverId === server.id).map((a) => a.device)),
      );
      let device = '/dev/vdb';
      for (let letter = 98; taken.has(device); letter += 1) device = `/dev/vd${String.fromCharCode(letter + 1)}`;
      const attachmentId = world.uuid();
      volume.status = 'attaching';
      volume.updatedAt = Date.now();
      world.later(() => {
        volume.attachments.push({
          id: attachmentId,
          serverId: server.id,
          device,
          attachedAt: Date.now(),
          hostName: hypervisorOf(world, server)?.serviceHost ?? null,
        });
        volume.status = 'in-use';
        volume.updatedAt = Date.now();
        touch(server);
      });
      const view: Record<string, unknown> = { device, id: volume.id, serverId: server.id, volumeId: volume.id };
      if (versionAtLeast(call.version, 2, 70)) view.tag = null;
      if (versionAtLeast(call.version, 2, 79)) view.delete_on_termination = false;
      return reply(200, { volumeAttachment: view });
    })
    .on('DELETE', '/v2.1/servers/{id}/os-volume_attachments/{volumeId}', (call, { id, volumeId }) => {
      const server = visibleServer(call, id);
      const volume = cloud.volumes.get(volumeId ?? '');
      if (!volume || !volume.attachments.some((attachment) => attachment.serverId === server.id))
        throw notFound(`volume_id not found: ${volumeId}`);
      volume.status = 'detaching';
      volume.updatedAt = Date.now();
      world.later(() => {
        volume.attachments = volume.attachments.filter((attachment) => attachment.serverId !== server.id);
        volume.status = volume.attachments.length ? 'in-use' : 'available';
        volume.updatedAt = Date.now();
        touch(server);
      });
      return reply(202);
    })
    .on('GET', '/v2.1/flavors', (call) => listFlavors(call, false))
    .on('GET', '/v2.1/flavors/detail', (call) => listFlavors(call, true))
    .on('GET', '/v2.1/flavors/{id}', (call, { id }) => {
      const flavor = cloud.flavors.get(id ?? '');
      if (!flavor) throw notFound(`Flavor ${id} could not be found.`);
      return reply(200, { flavor: flavorView(call, flavor) });
    })
    .on('POST', '/v2.1/flavors', async (call) => {
      requireAdmin(call, 'os_compute_api:os-flavor-manage:create');
      const wanted = (await call.request.json<{ flavor?: { name?: string; id?: string; vcpus?: number; ram?: number; disk?: number } }>())
        .flavor;
      if (!wanted?.name) throw badRequest("Invalid input for field/attribute flavor. 'name' is a required property");
      if ([...cloud.flavors.values()].some((flavor) => flavor.name === wanted.name))
        throw conflict(`Flavor with name ${wanted.name} already exists.`);
      const flavor = cloud.flavors.put({
        id: wanted.id ?? world.uuid(),
        name: wanted.name,
        vcpus: wanted.vcpus ?? 1,
        ram: wanted.ram ?? 512,
        disk: wanted.disk ?? 1,
        ephemeral: 0,
        isPublic: true,
        extraSpecs: {},
      });
      return reply(200, { flavor: flavorView(call, flavor) });
    })
    .on('GET', '/v2.1/os-hypervisors', (call) => listHypervisors(call, false))
    .on('GET', '/v2.1/os-hypervisors/detail', (call) => listHypervisors(call, true))
    .on('GET', '/v2.1/os-availability-zone', () => {
      const zones = [...new Set([...cloud.hypervisors.values()].map((hypervisor) => hypervisor.availabilityZone))].sort();
      return reply(200, { availabilityZoneInfo: zones.map((zoneName) => ({ zoneName, zoneState: { available: true }, hosts: null })) });
    })
    .on('GET', '/v2.1/os-availability-zone/detail', (call) => {
      requireAdmin(call, 'os_compute_api:os-availability-zone:detail');
      const service = (updated: number): Record<string, unknown> => ({ available: true, active: true, updated_at: naiveIso(updated) });
      const zones = new Map<string, Record<string, unknown>>();
      zones.set('internal', { controller: { 'nova-conductor': service(Date.now()), 'nova-scheduler': service(Date.now()) } });
      for (const hypervisor of cloud.hypervisors.sorted()) {
        const hosts = zones.get(hypervisor.availabilityZone) ?? {};
        hosts[hypervisor.serviceHost] = { 'nova-compute': service(Date.now()) };
        zones.set(hypervisor.availabilityZone, hosts);
      }
      return reply(200, {
        availabilityZoneInfo: [...zones].map(([zoneName, hosts]) => ({ zoneName, zoneState: { available: true }, hosts })),
      });
    })
    .on('GET', '/v2.1/os-aggregates', (call) => {
      requireAdmin(call, 'os_compute_api:os-aggregates:index');
      return reply(200, {
        aggregates: cloud.aggregates.map((aggregate) => ({
          id: aggregate.id,
          uuid: aggregate.uuid,
          name: aggregate.name,
          availability_zone: aggregate.availabilityZone,
          hosts: [...aggregate.hosts],
          metadata: { ...aggregate.metadata, ...(aggregate.availabilityZone ? { availability_zone: aggregate.availabilityZone } : {}) },
          created_at: naiveIso(aggregate.createdAt),
          updated_at: null,
          deleted_at: null,
          deleted: false,
        })),
      });
    })
    .on('GET', '/v2.1/os-keypairs', (call) => {
      const mine = cloud.keypairs.filter((keypair) => keypair.userId === call.caller.userId).sort((a, b) => (a.name < b.name ? -1 : 1));
      const paged = versionAtLeast(call.version, 2, 35);
      const page = paged ? pageParams(call.request, undefined) : {};
      const rows = mine.map((keypair) => ({ ...keypair, id: keypair.name }));
      const items = slicePage(rows, page, (marker) => notFound(`Marker ${marker} could not be found.`));
      const body: Record<string, unknown> = {
        keypairs: items.map((keypair) => ({
          keypair: {
            name: keypair.name,
            public_key: keypair.publicKey,
            fingerprint: keypair.fingerprint,
            ...(versionAtLeast(call.version, 2, 2) ? { type: keypair.type } : {}),
          },
        })),
      };
      const links = paged ? collectionLinks(call.request, items, page.limit, { sortParams: true }) : [];
      if (links.length) body.keypairs_links = links;
      return reply(200, body);
    })
    .on('GET', '/v2.1/os-server-groups', (call) => {
      const params = call.request.url.searchParams;
      const all = params.has('all_projects') && call.caller.isAdmin;
      const groups = [...cloud.serverGroups.values()].filter((group) => all || group.projectId === call.caller.projectId);
      const offset = Number(params.get('offset') ?? 0);
      const limit = Math.min(maxLimit, Number(params.get('limit') ?? 0) || maxLimit);
      const newPolicy = versionAtLeast(call.version, 2, 64);
      return reply(200, {
        server_groups: groups.slice(offset, offset + limit).map((group) => ({
          id: group.id,
          name: group.name,
          ...(newPolicy ? { policy: group.policy, rules: {} } : { policies: [group.policy], metadata: {} }),
          members: [...group.members],
          ...(versionAtLeast(call.version, 2, 13) ? { project_id: group.projectId, user_id: group.userId } : {}),
        })),
      });
    });
}

interface SimpleAction {
  verb: string;
  from: readonly string[];
  task: string;
  to: string;
  power: number;
}

/** Actions that move a server from one state to another and nothing else. */
const simpleActions: Record<string, SimpleAction> = {
  'os-start': { verb: 'start', from: ['stopped'], task: 'powering-on', to: 'active', power: powerStates.running },
  'os-stop': { verb: 'stop', from: ['active', 'error'], task: 'powering-off', to: 'stopped', power: powerStates.shutdown },
  pause: { verb: 'pause', from: ['active'], task: 'pausing', to: 'paused', power: powerStates.paused },
  unpause: { verb: 'unpause', from: ['paused'], task: 'unpausing', to: 'active', power: powerStates.running },
  suspend: { verb: 'suspend', from: ['active'], task: 'suspending', to: 'suspended', power: powerStates.suspended },
  resume: { verb: 'resume', from: ['suspended'], task: 'resuming', to: 'active', power: powerStates.running },
};

/** Nova's handler: version document at the root, microversions, the caller's token. */
export function novaEntry(world: SimWorld, router: Router<NovaCall>): (request: SimRequest) => Promise<SimReply> {
  return async (request) => {
    if (request.path === '/' && request.method === 'GET') {
      return reply(200, {
        versions: [
          {
            id: 'v2.0',
            status: 'SUPPORTED',
            version: '',
            min_version: '',
            updated: '2011-01-21T11:33:21Z',
            links: [{ rel: 'self', href: `${request.base}/v2/` }],
          },
          {
            id: 'v2.1',
            status: 'CURRENT',
            version: novaVersions.max.join('.'),
            min_version: novaVersions.min.join('.'),
            updated: '2013-07-23T11:33:21Z',
            links: [{ rel: 'self', href: `${request.base}/v2.1/` }],
          },
        ],
      });
    }
    const caller = world.caller(request);
    const version = requestedMicroversion(request.headers, 'compute', novaVersions.min, novaVersions.max, 'x-openstack-nova-api-version');
    const { handler, params } = router.resolve(request.method, request.path);
    const result = await handler({ request, caller, version }, params);
    const text = version.join('.');
    return {
      ...result,
      headers: {
        ...result.headers,
        'openstack-api-version': `compute ${text}`,
        'x-openstack-nova-api-version': text,
        vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
      },
    };
  };
}
