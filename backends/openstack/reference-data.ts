import type { InventoryObject } from '../../common/model/inventory';
import { mapCooperatively } from './cooperative';
import { serviceLabels, type ServiceType } from './errors';
import { aggregateNativeId, mapAggregate, mapHypervisor, mapZone, placementFacts, type PlacementFacts } from './mapping/compute';
import { emptyContext, list, record, text, type MappingContext, type NativeBody } from './mapping/context';
import { mapProject, mapRegion } from './mapping/identity';
import { isRouterInterface, mapNetwork } from './mapping/network';
import { atLeast, compareMicroversions, type Microversion } from './microversions';
import { optional, type Notes } from './notes';
import { listAll, type ListRequest } from './pager';
import type { OpenstackSession } from './session';
import { mapConcurrent } from '../core/concurrency';

const noItems = (): NativeBody[] => [];

/** Nova 2.88 dropped the hypervisors' sizes and added a per-host RPC for uptime: list them at 2.87. */
const hypervisorMicroversion: Microversion = [2, 87];

export interface ReferenceData {
  context: MappingContext;
  /** Region, projects, zones, aggregates, hypervisors and networks, ready to emit. */
  objects: InventoryObject[];
}

/**
 * The short lists, fetched in parallel before the long ones: they give the lookups that let
 * servers, ports and volumes map page by page (hypervisor by host, network by name …).
 */
export async function collectReferenceData(
  session: OpenstackSession,
  connectionId: string,
  notes: Notes,
  signal: AbortSignal,
): Promise<ReferenceData> {
  const region = session.facts.region ?? 'default';
  const context = emptyContext(connectionId, region);
  if (session.projectId) context.scopedProjectId = session.projectId;
  const admin = session.isAdmin;
  const who = `${session.token.user.name} in project ${session.token.project?.name ?? '(none)'}`;
  const list_ = <T = NativeBody>(request: ListRequest): Promise<T[]> => listAll<T>(session, request, signal);
  const when = <T>(service: ServiceType, fallback: T, task: () => Promise<T>): Promise<T> => {
    if (session.has(service)) return task();
    notes.add(
      `This cloud's catalog has no ${serviceLabels[service]} (${service}) endpoint${session.facts.region ? ` in region ${session.facts.region}` : ''}.`,
    );
    return Promise.resolve(fallback);
  };
  const computeVersion = session.microversion('compute');
  const hypervisorVersion =
    computeVersion && compareMicroversions(computeVersion, hypervisorMicroversion) > 0 ? hypervisorMicroversion : computeVersion;

  const [
    projects,
    hypervisors,
    computeZones,
    volumeZones,
    aggregates,
    flavors,
    keypairs,
    serverGroups,
    networks,
    routerPorts,
    volumeTypes,
    placement,
  ] = await Promise.all([
    admin
      ? optional(
          notes,
          (reason) => `Projects: only those ${who} belongs to are listed (${reason}).`,
          undefined,
          () => list_({ service: 'identity', path: '/projects', resourceKey: 'projects', paging: 'none' }),
        ).then((all) => all ?? listOwnProjectsOf(session, signal))
      : listOwnProjectsOf(session, signal),
    when('compute', noItems(), () =>
      admin
        ? optional(
            notes,
            (reason) => `Hypervisors are not visible to ${who}, so servers are shown under their availability zone (${reason}).`,
            noItems(),
            () =>
              list_({
                service: 'compute',
                path: '/os-hypervisors/detail',
                resourceKey: 'hypervisors',
                ...(atLeast(computeVersion, 2, 33) ? {} : { paging: 'none' as const }),
                ...(hypervisorVersion ? { microversion: hypervisorVersion } : {}),
              }),
          )
        : Promise.resolve([]),
    ),
    when('compute', noItems(), () =>
      optional(
        notes,
        (reason) => `Compute availability zones are not visible to ${who} (${reason}).`,
        noItems(),
        () =>
          list_({
            service: 'compute',
            path: admin ? '/os-availability-zone/detail' : '/os-availability-zone',
            resourceKey: 'availabilityZoneInfo',
            paging: 'none',
          }),
      ),
    ),
    when('block-storage', noItems(), () =>
      optional(
        notes,
        (reason) => `Volume availability zones are not visible to ${who} (${reason}).`,
        noItems(),
        () => list_({ service: 'block-storage', path: '/os-availability-zone', resourceKey: 'availabilityZoneInfo', paging: 'none' }),
      ),
    ),
    when('compute', noItems(), () =>
      admin
        ? optional(
            notes,
            (reason) => `Host aggregates are not visible to ${who} (${reason}).`,
            noItems(),
            () => list_({ service: 'compute', path: '/os-aggregates', resourceKey: 'aggregates', paging: 'none' }),
          )
        : Promise.resolve([]),
    ),
    when('compute', noItems(), () => list_({ service: 'compute', path: '/flavors/detail', resourceKey: 'flavors' })),
    when('compute', noItems(), () =>
      optional(
        notes,
        (reason) => `Key pairs are not visible to ${who} (${reason}).`,
        noItems(),
        () =>
          list_({
            service: 'compute',
            path: '/os-keypairs',
            resourceKey: 'keypairs',
            ...(atLeast(computeVersion, 2, 35) ? {} : { paging: 'none' as const }),
          }),
      ),
    ),
    when('compute', noItems(), () =>
      optional(
        notes,
        (reason) => `Server groups are not visible to ${who} (${reason}).`,
        noItems(),
        () =>
          list_({
            service: 'compute',
            path: '/os-server-groups',
            resourceKey: 'server_groups',
            paging: 'offset',
            ...(admin ? { query: { all_projects: 'True' } } : {}),
          }),
      ),
    ),
    when('network', noItems(), () => list_({ service: 'network', path: '/networks', resourceKey: 'networks' })),
    when('network', noItems(), () =>
      list_({
        service: 'network',
        path: '/ports',
        resourceKey: 'ports',
        query: {
          device_owner: ['network:router_interface', 'network:router_interface_distributed', 'network:ha_router_replicated_interface'],
          fields: ['id', 'device_id', 'device_owner', 'network_id'],
        },
      }),
    ),
    when('block-storage', noItems(), () =>
      optional(
        notes,
        (reason) => `Volume types are not visible to ${who} (${reason}).`,
        noItems(),
        () => list_({ service: 'block-storage', path: '/types', resourceKey: 'volume_types', paging: 'none' }),
      ),
    ),
    admin && session.has('placement')
      ? optional(
          notes,
          (reason) => `Placement usage is not visible to ${who} (${reason}).`,
          new Map<string, PlacementFacts>(),
          () => placementByProvider(session, signal),
        )
      : Promise.resolve(new Map<string, PlacementFacts>()),
  ]);
  if (!admin) {
    notes.add(
      `${who} is not an admin: Skydeck shows what this project may see. Hypervisors, host aggregates, Placement usage and other projects' servers, ports and volumes need the admin role.`,
    );
  }

  buildLookups(context, { hypervisors, computeZones, volumeZones, aggregates, flavors, serverGroups, networks, routerPorts });

  const objects: InventoryObject[] = [
    mapRegion(context, {
      services: (['compute', 'network', 'image', 'block-storage', 'placement', 'metric'] as const)
        .filter((service) => session.has(service))
        .map((service) => ({ type: service, url: session.root(service) })),
      microversions: Object.fromEntries(
        Object.entries(session.facts.microversions).map(([service, version]) => [service, version.join('.')]),
      ),
      account: { user: session.token.user.name, project: session.token.project?.name, roles: session.token.roles },
      flavors: flavors.map((flavor) => ({
        id: flavor.id,
        name: flavor.name,
        vcpus: flavor.vcpus,
        ram: flavor.ram,
        disk: flavor.disk,
        is_public: flavor['os-flavor-access:is_public'],
      })),
      keypairs: keypairs
        .map((entry) => record(record(entry).keypair))
        .map((keypair) => ({ name: keypair.name, type: keypair.type, fingerprint: keypair.fingerprint })),
      serverGroups: serverGroups.map((group) => ({
        id: group.id,
        name: group.name,
        policy: group.policy ?? list(group.policies)[0],
        members: list(group.members).length,
        project_id: group.project_id,
      })),
      volumeTypes,
    }),
  ];
  objects.push(...projects.map((project) => mapProject(project, context)));
  for (const zone of zoneSummaries(computeZones, volumeZones)) objects.push(mapZone(zone, context));
  objects.push(...aggregates.map((aggregate) => mapAggregate(aggregate, context)));
  objects.push(
    ...hypervisors.map((hypervisor) =>
      mapHypervisor(hypervisor, context, placement.get(String(hypervisor.id)) ?? placement.get(String(hypervisor.hypervisor_hostname))),
    ),
  );
  objects.push(...(await mapCooperatively(networks, (network) => mapNetwork(network, context), signal)));
  return { context, objects };
}

/** Every project the user has a role on (GET /v3/auth/projects is allowed to everyone). */
function listOwnProjectsOf(session: OpenstackSession, signal: AbortSignal): Promise<NativeBody[]> {
  return listAll<NativeBody>(session, { service: 'identity', path: '/auth/projects', resourceKey: 'projects', paging: 'none' }, signal);
}

interface ZoneSummary {
  name: string;
  available: boolean;
  services: string[];
  hosts: string[];
}

/** Compute and volume zones merged by name; Nova's "internal" zone (control services) is left out. */
function zoneSummaries(computeZones: NativeBody[], volumeZones: NativeBody[]): ZoneSummary[] {
  const zones = new Map<string, ZoneSummary>();
  const add = (entry: NativeBody, service: string): void => {
    const name = text(entry.zoneName);
    if (!name || name === 'internal') return;
    const zone = zones.get(name) ?? { name, available: true, services: [], hosts: [] };
    zone.available &&= record(entry.zoneState).available !== false;
    zone.services.push(service);
    zone.hosts.push(...Object.keys(record(entry.hosts)));
    zones.set(name, zone);
  };
  for (const entry of computeZones) add(entry, 'compute');
  for (const entry of volumeZones) add(entry, 'block-storage');
  return [...zones.values()];
}

function buildLookups(
  context: MappingContext,
  lists: {
    hypervisors: NativeBody[];
    computeZones: NativeBody[];
    volumeZones: NativeBody[];
    aggregates: NativeBody[];
    flavors: NativeBody[];
    serverGroups: NativeBody[];
    networks: NativeBody[];
    routerPorts: NativeBody[];
  },
): void {
  for (const hypervisor of lists.hypervisors) {
    const id = String(hypervisor.id);
    const name = text(hypervisor.hypervisor_hostname);
    const host = text(record(hypervisor.service).host);
    if (name) context.hypervisorsByHost.set(name, id);
    if (host && !context.hypervisorsByHost.has(host)) context.hypervisorsByHost.set(host, id);
  }
  for (const zone of zoneSummaries(lists.computeZones, lists.volumeZones)) {
    context.zones.add(zone.name);
    for (const host of zone.hosts) context.zoneOfHost.set(host, zone.name);
  }
  for (const aggregate of lists.aggregates) {
    const id = aggregateNativeId(aggregate);
    for (const host of list(aggregate.hosts)) {
      if (typeof host !== 'string') continue;
      context.aggregatesOfHost.set(host, [...(context.aggregatesOfHost.get(host) ?? []), id]);
    }
  }
  for (const flavor of lists.flavors) context.flavors.set(String(flavor.id), flavor);
  for (const group of lists.serverGroups) {
    for (const member of list(group.members)) {
      if (typeof member !== 'string') continue;
      context.serverGroupsOfServer.set(member, [
        ...(context.serverGroupsOfServer.get(member) ?? []),
        { id: String(group.id), name: String(group.name ?? '') },
      ]);
    }
  }
  for (const network of lists.networks) rememberNetwork(context, network);
  for (const port of lists.routerPorts) rememberRouterInterface(context, port);
}

export function rememberNetwork(context: MappingContext, network: NativeBody): void {
  const name = text(network.name);
  if (!name) return;
  const entry = { id: String(network.id), projectId: String(network.project_id ?? network.tenant_id ?? '') };
  const known = (context.networksByName.get(name) ?? []).filter((candidate) => candidate.id !== entry.id);
  context.networksByName.set(name, [...known, entry]);
}

/** Records a router interface port; returns the router id when the port is one. */
export function rememberRouterInterface(context: MappingContext, port: NativeBody): string | undefined {
  if (!isRouterInterface(port.device_owner)) return undefined;
  const routerId = String(port.device_id);
  const entry = { networkId: String(port.network_id), portId: String(port.id) };
  const known = (context.routerInterfaces.get(routerId) ?? []).filter((candidate) => candidate.portId !== entry.portId);
  context.routerInterfaces.set(routerId, [...known, entry]);
  return routerId;
}

/** Placement's view of every compute node: capacity (inventories) and allocations (usages). */
async function placementByProvider(session: OpenstackSession, signal: AbortSignal): Promise<Map<string, PlacementFacts>> {
  const providers = await listAll<NativeBody>(
    session,
    { service: 'placement', path: '/resource_providers', resourceKey: 'resource_providers', paging: 'none' },
    signal,
  );
  const byKey = new Map<string, PlacementFacts>();
  await mapConcurrent(
    providers,
    session.tuning.concurrency,
    async (provider) => {
      const uuid = String(provider.uuid);
      const [inventories, usages] = await Promise.all([
        session.call<NativeBody>('placement', { path: `/resource_providers/${uuid}/inventories`, signal }),
        session.call<NativeBody>('placement', { path: `/resource_providers/${uuid}/usages`, signal }),
      ]);
      const facts = placementFacts(record(inventories.body?.inventories), record(usages.body?.usages));
      byKey.set(uuid, facts);
      const name = text(provider.name);
      if (name) byKey.set(name, facts);
    },
    signal,
  );
  return byKey;
}
