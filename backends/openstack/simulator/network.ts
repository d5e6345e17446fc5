import { Router, SimHttpError, badRequest, conflict, forbidden, isoSeconds, notFound, reply, type SimReply, type SimRequest } from './http';
import { allocateAddress, bumpPort, createPort } from './lifecycle';
import { neutronLinks, pageParams, slicePage } from './paging';
import type { SimFloatingIp, SimNetwork, SimPort, SimRouter, SimSecurityGroup, SimSubnet, Table } from './state';
import type { Caller, SimWorld } from './world';

type Row = { id: string; projectId: string; createdAt: number; updatedAt: number; revision: number; tags: string[]; description: string };

interface ResourceKind<T extends Row> {
  /** "networks" and "network". */
  plural: string;
  singular: string;
  table: Table<T>;
  visible(row: T, caller: Caller): boolean;
  view(row: T, caller: Caller): Record<string, unknown>;
  /** Query filters by attribute name. */
  filters: Record<string, (row: T) => unknown>;
  create(body: Record<string, unknown>, caller: Caller): T;
  update(row: T, body: Record<string, unknown>, caller: Caller): void;
  remove(row: T): void;
}

const common = (row: Row): Record<string, unknown> => ({
  tenant_id: row.projectId,
  project_id: row.projectId,
  description: row.description,
  tags: [...row.tags],
  created_at: isoSeconds(row.createdAt),
  updated_at: isoSeconds(row.updatedAt),
  revision_number: row.revision,
});

const commonFilters = {
  id: (row: Row) => row.id,
  tenant_id: (row: Row) => row.projectId,
  project_id: (row: Row) => row.projectId,
  revision_number: (row: Row) => row.revision,
  description: (row: Row) => row.description,
};

const asString = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
const truthy = (value: string): boolean => ['true', '1', 'yes'].includes(value.toLowerCase());
const sameFilter = (actual: unknown, wanted: string): boolean =>
  typeof actual === 'boolean' ? actual === truthy(wanted) : asString(actual) === wanted;

function bump(row: Row): void {
  row.revision += 1;
  row.updatedAt = Date.now();
}

/** Neutron v2.0: networks, subnets, ports, routers, floating IPs, security groups. */
export function neutronRouter(world: SimWorld): Router<{ request: SimRequest; caller: Caller }> {
  const cloud = world.cloud;
  const now = (): number => Date.now();
  const owns = (row: { projectId: string }, caller: Caller): boolean => caller.isAdmin || row.projectId === caller.projectId;
  const disallowed = (rule: string): Error => forbidden(`(rule:${rule}) is disallowed by policy`);

  const networks: ResourceKind<SimNetwork> = {
    plural: 'networks',
    singular: 'network',
    table: cloud.networks,
    visible: (row, caller) => owns(row, caller) || row.shared || row.external,
    view: (row, caller) => {
      const view: Record<string, unknown> = {
        id: row.id,
        name: row.name,
        admin_state_up: row.adminStateUp,
        mtu: row.mtu,
        status: row.status,
        subnets: [...cloud.subnets.values()].filter((subnet) => subnet.networkId === row.id).map((subnet) => subnet.id),
        shared: row.shared,
        availability_zone_hints: [],
        availability_zones: [],
        ipv4_address_scope: null,
        ipv6_address_scope: null,
        'router:external': row.external,
        port_security_enabled: true,
        qos_policy_id: null,
        ...common(row),
      };
      if (row.external) view.is_default = false;
      if (caller.isAdmin) {
        view['provider:network_type'] = row.networkType;
        view['provider:physical_network'] = row.physicalNetwork;
        view['provider:segmentation_id'] = row.segmentationId;
      }
      return view;
    },
    filters: {
      ...commonFilters,
      name: (row) => row.name,
      shared: (row) => row.shared,
      'router:external': (row) => row.external,
      status: (row) => row.status,
    },
    create: (body, caller) => {
      if ((body.shared || body['router:external'] || body['provider:network_type']) && !caller.isAdmin)
        throw disallowed('create_network:shared');
      const type = (body['provider:network_type'] as SimNetwork['networkType'] | undefined) ?? 'vxlan';
      return cloud.networks.put({
        id: world.uuid(),
        name: String(body.name ?? ''),
        projectId: String(body.project_id ?? body.tenant_id ?? caller.projectId),
        adminStateUp: body.admin_state_up !== false,
        status: 'ACTIVE',
        shared: body.shared === true,
        external: body['router:external'] === true,
        mtu: type === 'vxlan' ? 1450 : 1500,
        networkType: type,
        physicalNetwork:
          (body['provider:physical_network'] as string | undefined) ?? (type === 'flat' || type === 'vlan' ? 'physnet1' : null),
        segmentationId: (body['provider:segmentation_id'] as number | undefined) ?? (type === 'flat' ? null : world.random.int(100, 4000)),
        description: String(body.description ?? ''),
        tags: [],
        revision: 1,
        createdAt: now(),
        updatedAt: now(),
      });
    },
    update: (row, body) => {
      if (typeof body.name === 'string') row.name = body.name;
      if (typeof body.description === 'string') row.description = body.description;
      if (typeof body.admin_state_up === 'boolean') row.adminStateUp = body.admin_state_up;
    },
    remove: (row) => {
      const used = [...cloud.ports.values()].some((port) => port.networkId === row.id && !port.deviceOwner.startsWith('network:dhcp'));
      if (used)
        throw conflict(`Unable to complete operation on network ${row.id}. There are one or more ports still in use on the network.`);
      for (const subnet of [...cloud.subnets.values()]) if (subnet.networkId === row.id) cloud.subnets.delete(subnet.id);
      cloud.networks.delete(row.id);
    },
  };

  const subnets: ResourceKind<SimSubnet> = {
    plural: 'subnets',
    singular: 'subnet',
    table: cloud.subnets,
    visible: (row, caller) => owns(row, caller) || cloud.networks.get(row.networkId)?.shared === true,
    view: (row) => {
      const [network = '0.0.0.0', bits = '24'] = row.cidr.split('/');
      const pool = row.ipVersion === 4 ? poolOf(network, Number(bits)) : { start: `${network}2`, end: `${network}ffff:ffff:ffff:ffff` };
      return {
        id: row.id,
        name: row.name,
        network_id: row.networkId,
        ip_version: row.ipVersion,
        subnetpool_id: null,
        enable_dhcp: row.enableDhcp,
        ipv6_ra_mode: null,
        ipv6_address_mode: null,
        gateway_ip: row.gatewayIp,
        cidr: row.cidr,
        allocation_pools: [pool],
        host_routes: [],
        dns_nameservers: [],
        service_types: [],
        ...common(row),
      };
    },
    filters: {
      ...commonFilters,
      name: (row) => row.name,
      network_id: (row) => row.networkId,
      cidr: (row) => row.cidr,
      ip_version: (row) => row.ipVersion,
    },
    create: (body, caller) => {
      const network = cloud.networks.get(String(body.network_id ?? ''));
      if (!network || !networks.visible(network, caller)) throw notFound(`Network ${String(body.network_id)} could not be found.`);
      if (!owns(network, caller)) throw disallowed('create_subnet and rule:admin_or_network_owner');
      const cidr = String(body.cidr ?? '');
      if (!/^[\d.]+\/\d+$|^[0-9a-f:]+\/\d+$/i.test(cidr))
        throw badRequest(`Invalid input for cidr. Reason: '${cidr}' is not a valid IP subnet.`);
      const ipVersion = Number(body.ip_version ?? 4) === 6 ? 6 : 4;
      const subnet: SimSubnet = {
        id: world.uuid(),
        name: String(body.name ?? ''),
        networkId: network.id,
        projectId: network.projectId === caller.projectId || !caller.isAdmin ? caller.projectId : network.projectId,
        cidr,
        ipVersion,
        gatewayIp: typeof body.gateway_ip === 'string' ? body.gateway_ip : gatewayOf(cidr, ipVersion),
        enableDhcp: body.enable_dhcp !== false,
        description: String(body.description ?? ''),
        tags: [],
        revision: 0,
        nextHost: 1,
        createdAt: now(),
        updatedAt: now(),
      };
      bump(network);
      return cloud.subnets.put(subnet);
    },
    update: (row, body) => {
      if (typeof body.name === 'string') row.name = body.name;
    },
    remove: (row) => {
      if ([...cloud.ports.values()].some((port) => port.fixedIps.some((ip) => ip.subnetId === row.id))) {
        throw conflict(`Unable to complete operation on subnet ${row.id}: One or more ports have an IP allocation from this subnet.`);
      }
      cloud.subnets.delete(row.id);
    },
  };

  const ports: ResourceKind<SimPort> = {
    plural: 'ports',
    singular: 'port',
    table: cloud.ports,
    visible: (row, caller) => owns(row, caller),
    view: (row, caller) => {
      const view: Record<string, unknown> = {
        id: row.id,
        name: row.name,
        network_id: row.networkId,
        mac_address: row.macAddress,
        admin_state_up: row.adminStateUp,
        status: row.status,
        device_id: row.deviceId,
        device_owner: row.deviceOwner,
        fixed_ips: row.fixedIps.map((ip) => ({ subnet_id: ip.subnetId, ip_address: ip.ipAddress })),
        allowed_address_pairs: [],
        extra_dhcp_opts: [],
        security_groups: [...row.securityGroupIds],
        'binding:vnic_type': 'normal',
        port_security_enabled: true,
        qos_policy_id: null,
        qos_network_policy_id: null,
        ...common(row),
      };
      if (caller.isAdmin) {
        view.resource_request = null;
        view['binding:host_id'] = row.bindingHost;
        view['binding:profile'] = {};
        view['binding:vif_type'] = row.bindingHost ? 'ovs' : 'unbound';
        view['binding:vif_details'] = row.bindingHost ? { connectivity: 'l2', port_filter: true } : {};
      }
      return view;
    },
    filters: {
      ...commonFilters,
      name: (row) => row.name,
      network_id: (row) => row.networkId,
      device_id: (row) => row.deviceId,
      device_owner: (row) => row.deviceOwner,
      mac_address: (row) => row.macAddress,
      status: (row) => row.status,
      'binding:host_id': (row) => row.bindingHost,
    },
    create: (body, caller) => {
      const network = cloud.networks.get(String(body.network_id ?? ''));
      if (!network || !networks.visible(network, caller)) throw notFound(`Network ${String(body.network_id)} could not be found.`);
      const spec: Parameters<typeof createPort>[1] = { networkId: network.id, projectId: caller.projectId, name: String(body.name ?? '') };
      if (typeof body.device_id === 'string') spec.deviceId = body.device_id;
      if (typeof body.device_owner === 'string') spec.deviceOwner = body.device_owner;
      return createPort(world, spec);
    },
    update: (row, body) => {
      if (typeof body.name === 'string') row.name = body.name;
      if (typeof body.description === 'string') row.description = body.description;
      if (typeof body.admin_state_up === 'boolean') row.adminStateUp = body.admin_state_up;
    },
    remove: (row) => {
      if (row.deviceOwner.startsWith('network:router_interface'))
        throw conflict(`Port ${row.id} cannot be deleted directly via the port API: has device owner ${row.deviceOwner}.`);
      for (const ip of cloud.floatingIps.values())
        if (ip.portId === row.id) Object.assign(ip, { portId: null, fixedIpAddress: null, routerId: null, status: 'DOWN' });
      cloud.ports.delete(row.id);
    },
  };

  const routerPorts = (router: SimRouter): SimPort[] => [...cloud.ports.values()].filter((port) => port.deviceId === router.id);

  const routers: ResourceKind<SimRouter> = {
    plural: 'routers',
    singular: 'router',
    table: cloud.routers,
    visible: (row, caller) => owns(row, caller),
    view: (row, caller) => {
      const view: Record<string, unknown> = {
        id: row.id,
        name: row.name,
        admin_state_up: row.adminStateUp,
        status: row.status,
        external_gateway_info: row.gateway
          ? {
              network_id: row.gateway.networkId,
              external_fixed_ips: row.gateway.fixedIps.map((ip) => ({ subnet_id: ip.subnetId, ip_address: ip.ipAddress })),
              enable_snat: row.gateway.enableSnat,
            }
          : null,
        availability_zone_hints: [],
        availability_zones: [],
        routes: [],
        flavor_id: null,
        ...common(row),
      };
      if (caller.isAdmin) {
        view.distributed = false;
        view.ha = false;
      }
      return view;
    },
    filters: { ...commonFilters, name: (row) => row.name, status: (row) => row.status },
    create: (body, caller) => {
      const router: SimRouter = {
        id: world.uuid(),
        name: String(body.name ?? ''),
        projectId: caller.projectId,
        status: 'ACTIVE',
        adminStateUp: body.admin_state_up !== false,
        description: String(body.description ?? ''),
        tags: [],
        revision: 0,
        createdAt: now(),
        updatedAt: now(),
      };
      cloud.routers.put(router);
      setGateway(router, body.external_gateway_info, caller);
      return router;
    },
    update: (row, body, caller) => {
      if (typeof body.name === 'string') row.name = body.name;
      if ('external_gateway_info' in body) setGateway(row, body.external_gateway_info, caller);
    },
    remove: (row) => {
      if (routerPorts(row).some((port) => port.deviceOwner.startsWith('network:router_interface'))) {
        throw conflict(`Router ${row.id} still has ports`);
      }
      for (const port of routerPorts(row)) cloud.ports.delete(port.id);
      cloud.routers.delete(row.id);
    },
  };

  const setGateway = (router: SimRouter, info: unknown, caller: Caller): void => {
    for (const port of routerPorts(router)) if (port.deviceOwner === 'network:router_gateway') cloud.ports.delete(port.id);
    delete router.gateway;
    const wanted = info as { network_id?: string; enable_snat?: boolean } | null | undefined;
    if (!wanted?.network_id) return;
    const network = cloud.networks.get(wanted.network_id);
    if (!network || !network.external) throw badRequest(`Bad router request: Network ${wanted.network_id} is not an external network.`);
    const port = createPort(world, {
      networkId: network.id,
      projectId: '',
      deviceId: router.id,
      deviceOwner: 'network:router_gateway',
      status: 'DOWN',
    });
    router.gateway = { networkId: network.id, enableSnat: caller.isAdmin ? wanted.enable_snat !== false : true, fixedIps: port.fixedIps };
  };

  const routerRouteFor = (portId: string, floatingNetworkId: string): string | null => {
    const port = cloud.ports.get(portId);
    if (!port) return null;
    const subnetIds = new Set(port.fixedIps.map((ip) => ip.subnetId));
    for (const router of cloud.routers.values()) {
      if (router.gateway?.networkId !== floatingNetworkId) continue;
      if (routerPorts(router).some((candidate) => candidate.fixedIps.some((ip) => subnetIds.has(ip.subnetId)))) return router.id;
    }
    return null;
  };

  const associate = (ip: SimFloatingIp, portId: unknown, caller: Caller): void => {
    if (portId === null || portId === undefined) {
      Object.assign(ip, { portId: null, fixedIpAddress: null, routerId: null, status: 'DOWN' });
      return;
    }
    const port = cloud.ports.get(String(portId));
    if (!port || !ports.visible(port, caller)) throw notFound(`Port ${String(portId)} could not be found.`);
    const router = routerRouteFor(port.id, ip.floatingNetworkId);
    if (!router) {
      throw notFound(
        `External network ${ip.floatingNetworkId} is not reachable from subnet ${port.fixedIps[0]?.subnetId ?? ''}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      );
    }
    Object.assign(ip, { portId: port.id, fixedIpAddress: port.fixedIps[0]?.ipAddress ?? null, routerId: router, status: 'DOWN' });
  };

  const floatingIps: ResourceKind<SimFloatingIp> = {
    plural: 'floatingips',
    singular: 'floatingip',
    table: cloud.floatingIps,
    visible: (row, caller) => owns(row, caller),
    view: (row) => {
      const port = row.portId ? cloud.ports.get(row.portId) : undefined;
      return {
        id: row.id,
        floating_network_id: row.floatingNetworkId,
        router_id: row.routerId,
        fixed_ip_address: row.fixedIpAddress,
        floating_ip_address: row.floatingIpAddress,
        port_id: row.portId,
        status: row.status,
        qos_policy_id: null,
        port_details: port
          ? {
              name: port.name,
              network_id: port.networkId,
              mac_address: port.macAddress,
              admin_state_up: port.adminStateUp,
              status: port.status,
              device_id: port.deviceId,
              device_owner: port.deviceOwner,
            }
          : null,
        port_forwardings: [],
        ...common(row),
      };
    },
    filters: {
      ...commonFilters,
      floating_network_id: (row) => row.floatingNetworkId,
      port_id: (row) => row.portId,
      router_id: (row) => row.routerId,
      floating_ip_address: (row) => row.floatingIpAddress,
      status: (row) => row.status,
    },
    create: (body, caller) => {
      const network = cloud.networks.get(String(body.floating_network_id ?? ''));
      if (!network) throw notFound(`Network ${String(body.floating_network_id)} could not be found.`);
      if (!network.external) throw badRequest(`Bad floatingip request: Network ${network.id} is not a valid external network.`);
      const subnet = [...cloud.subnets.values()].find((candidate) => candidate.networkId === network.id && candidate.ipVersion === 4);
      if (!subnet) throw badRequest(`Bad floatingip request: Network ${network.id} does not contain any IPv4 subnet.`);
      const ip: SimFloatingIp = {
        id: world.uuid(),
        projectId: caller.projectId,
        floatingNetworkId: network.id,
        floatingIpAddress: allocateAddress(subnet),
        fixedIpAddress: null,
        portId: null,
        routerId: null,
        status: 'DOWN',
        description: String(body.description ?? ''),
        tags: [],
        revision: 0,
        createdAt: now(),
        updatedAt: now(),
      };
      if (body.port_id) associate(ip, body.port_id, caller);
      return cloud.floatingIps.put(ip);
    },
    update: (row, body, caller) => {
      if ('port_id' in body) associate(row, body.port_id, caller);
      if (typeof body.description === 'string') row.description = body.description;
    },
    remove: (row) => {
      cloud.floatingIps.delete(row.id);
    },
  };

  const securityGroups: ResourceKind<SimSecurityGroup> = {
    plural: 'security_groups',
    singular: 'security_group',
    table: cloud.securityGroups,
    visible: (row, caller) => owns(row, caller),
    view: (row) => ({
      id: row.id,
      name: row.name,
      stateful: true,
      shared: false,
      security_group_rules: row.rules.map((rule) => ({
        id: rule.id,
        tenant_id: row.projectId,
        project_id: row.projectId,
        security_group_id: row.id,
        ethertype: rule.ethertype,
        direction: rule.direction,
        protocol: rule.protocol,
        port_range_min: rule.portRangeMin,
        port_range_max: rule.portRangeMax,
        remote_ip_prefix: rule.remoteIpPrefix,
        remote_group_id: rule.remoteGroupId,
        remote_address_group_id: null,
        normalized_cidr: rule.remoteIpPrefix,
        description: '',
        tags: [],
        created_at: isoSeconds(row.createdAt),
        updated_at: isoSeconds(row.createdAt),
        revision_number: 0,
      })),
      ...common(row),
    }),
    filters: { ...commonFilters, name: (row) => row.name },
    create: (body, caller) => {
      const group: SimSecurityGroup = {
        id: world.uuid(),
        name: String(body.name ?? ''),
        projectId: caller.projectId,
        description: String(body.description ?? ''),
        rules: [],
        tags: [],
        revision: 1,
        createdAt: now(),
        updatedAt: now(),
      };
      group.rules = (['IPv4', 'IPv6'] as const).map((ethertype) => ({
        id: world.uuid(),
        direction: 'egress' as const,
        ethertype,
        protocol: null,
        portRangeMin: null,
        portRangeMax: null,
        remoteIpPrefix: null,
        remoteGroupId: null,
      }));
      return cloud.securityGroups.put(group);
    },
    update: (row, body) => {
      if (typeof body.name === 'string') row.name = body.name;
    },
    remove: (row) => {
      if ([...cloud.ports.values()].some((port) => port.securityGroupIds.includes(row.id)))
        throw conflict(`Security Group ${row.id} in use.`);
      cloud.securityGroups.delete(row.id);
    },
  };

  const router = new Router<{ request: SimRequest; caller: Caller }>();
  const kinds: ResourceKind<Row & { id: string }>[] = [
    networks,
    subnets,
    ports,
    routers,
    floatingIps,
    securityGroups,
  ] as unknown as ResourceKind<Row>[];
  for (const kind of kinds) {
    const path = kind.plural === 'security_groups' ? 'security-groups' : kind.plural;
    const titled = `${kind.singular.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase())}`;
    const find = (caller: Caller, id: string | undefined): Row => {
      const row = kind.table.get(id ?? '');
      if (!row || !kind.visible(row, caller))
        throw new SimHttpError(
          404,
          `${titled} ${id} could not be found.`,
          `${titled.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())}NotFound`,
        );
      return row;
    };
    router
      .on('GET', `/v2.0/${path}`, ({ request, caller }) => listResource(kind, request, caller))
      .on('GET', `/v2.0/${path}/{id}`, ({ request, caller }, { id }) =>
        reply(200, { [kind.singular]: selectFields(kind.view(find(caller, id), caller), request) }),
      )
      .on('POST', `/v2.0/${path}`, async ({ request, caller }) => {
        const body = (await request.json())[kind.singular] as Record<string, unknown> | undefined;
        if (!body) throw badRequest(`Resource body required`);
        const row = kind.create(body, caller);
        return reply(201, { [kind.singular]: kind.view(row, caller) });
      })
      .on('PUT', `/v2.0/${path}/{id}`, async ({ request, caller }, { id }) => {
        const row = find(caller, id);
        if (!owns(row, caller)) throw disallowed(`update_${kind.singular}`);
        const body = (await request.json())[kind.singular] as Record<string, unknown> | undefined;
        if (!body) throw badRequest(`Resource body required`);
        kind.update(row, body, caller);
        bump(row);
        kind.table.changed();
        return reply(200, { [kind.singular]: kind.view(row, caller) });
      })
      .on('DELETE', `/v2.0/${path}/{id}`, ({ caller }, { id }) => {
        const row = find(caller, id);
        if (!owns(row, caller)) throw disallowed(`delete_${kind.singular}`);
        kind.remove(row);
        return reply(204);
      });
  }

  const interfaceChange = async (request: SimRequest, caller: Caller, id: string | undefined, add: boolean): Promise<SimReply> => {
    const routerRow = cloud.routers.get(id ?? '');
    if (!routerRow || !owns(routerRow, caller)) throw notFound(`Router ${id} could not be found.`);
    const body = await request.json<{ subnet_id?: string; port_id?: string }>();
    const subnet = cloud.subnets.get(body.subnet_id ?? '');
    if (!subnet) throw notFound(`Subnet ${body.subnet_id} could not be found.`);
    let port = routerPorts(routerRow).find((candidate) => candidate.fixedIps.some((ip) => ip.subnetId === subnet.id));
    if (add) {
      if (port) throw badRequest(`Bad router request: Router already has a port on subnet ${subnet.id}.`);
      port = createPort(world, {
        networkId: subnet.networkId,
        projectId: routerRow.projectId,
        deviceId: routerRow.id,
        deviceOwner: 'network:router_interface',
        status: 'DOWN',
      });
      bumpPort(port, { fixedIps: [{ subnetId: subnet.id, ipAddress: subnet.gatewayIp }] });
    } else {
      if (!port) throw notFound(`Router ${routerRow.id} has no interface on subnet ${subnet.id}`);
      cloud.ports.delete(port.id);
    }
    bump(routerRow);
    return reply(200, {
      id: routerRow.id,
      tenant_id: routerRow.projectId,
      project_id: routerRow.projectId,
      port_id: port.id,
      network_id: subnet.networkId,
      subnet_id: subnet.id,
      subnet_ids: [subnet.id],
    });
  };

  return router
    .on('GET', '/v2.0', ({ request }) =>
      reply(200, {
        resources: kinds.map((kind) => ({
          name: kind.singular,
          collection: kind.plural,
          links: [{ rel: 'self', href: `${request.base}/v2.0/${kind.plural}` }],
        })),
      }),
    )
    .on('PUT', '/v2.0/routers/{id}/add_router_interface', ({ request, caller }, { id }) => interfaceChange(request, caller, id, true))
    .on('PUT', '/v2.0/routers/{id}/remove_router_interface', ({ request, caller }, { id }) => interfaceChange(request, caller, id, false));
}

/** A list with Neutron's filters (repeated names mean "any of"), fields, sorting by id and links. */
function listResource<T extends Row>(kind: ResourceKind<T>, request: SimRequest, caller: Caller): SimReply {
  const params = request.url.searchParams;
  const wanted = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (['limit', 'marker', 'page_reverse', 'fields', 'sort_key', 'sort_dir'].includes(key)) continue;
    if (!(key in kind.filters)) continue;
    wanted.set(key, [...(wanted.get(key) ?? []), value]);
  }
  const rows = kind.table.sorted().filter((row) => {
    if (!kind.visible(row, caller)) return false;
    for (const [key, values] of wanted) {
      const actual = kind.filters[key]?.(row);
      if (!values.some((value) => sameFilter(actual, value))) return false;
    }
    return true;
  });
  const page = pageParams(request, undefined);
  const reverse = params.get('page_reverse')?.toLowerCase() === 'true';
  let items: T[];
  if (reverse && page.marker) {
    const end = rows.findIndex((row) => row.id === page.marker);
    items = rows.slice(Math.max(0, end - (page.limit ?? end)), Math.max(0, end));
  } else {
    items = slicePage(rows, page, (marker) => notFound(`${kind.singular} ${marker} could not be found.`));
  }
  const body: Record<string, unknown> = { [kind.plural]: items.map((row) => selectFields(kind.view(row, caller), request)) };
  const links = neutronLinks(request, items, page.limit);
  if (links.length) body[`${kind.plural}_links`] = links;
  return reply(200, body);
}

function selectFields(view: Record<string, unknown>, request: SimRequest): Record<string, unknown> {
  const fields = request.url.searchParams.getAll('fields').filter(Boolean);
  if (fields.length === 0) return view;
  const selected: Record<string, unknown> = {};
  for (const field of fields) if (field in view) selected[field] = view[field];
  return selected;
}

const gatewayOf = (cidr: string, version: 4 | 6): string => {
  const [network = ''] = cidr.split('/');
  if (version === 6) return `${network.replace(/::$/, '')}::1`;
  const octets = network.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + 1;
  return octets.join('.');
};

function poolOf(network: string, bits: number): { start: string; end: string } {
  const base = network.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const last = base + 2 ** (32 - bits) - 2;
  const text = (value: number): string => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
  return { start: text(base + 2), end: text(last) };
}
