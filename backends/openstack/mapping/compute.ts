import type { InventoryObject, Relation, VirtualNic } from '../../../common/model/inventory';
import {
  gibToBytes,
  idOf,
  inventoryObject,
  list,
  mibToBytes,
  num,
  ownerRelation,
  record,
  siteId,
  text,
  zoneId,
  type MappingContext,
  type NativeBody,
} from './context';
import { hypervisorState, serverState } from './states';

/** The flavor's sizes: inline since Nova 2.47, looked up by id before. */
function flavorOf(server: NativeBody, context: MappingContext): NativeBody {
  const flavor = record(server.flavor);
  if (num(flavor.vcpus) !== undefined) return flavor;
  const id = text(flavor.id);
  return (id && context.flavors.get(id)) || {};
}

function networkIdOf(context: MappingContext, name: string, projectId: string | undefined): string | undefined {
  const candidates = context.networksByName.get(name) ?? [];
  return (candidates.find((candidate) => candidate.projectId === projectId) ?? candidates[0])?.id;
}

/** One NIC per network and MAC address, from Nova's `addresses`. */
export function serverNics(server: NativeBody, context: MappingContext): VirtualNic[] {
  const nics = new Map<string, VirtualNic>();
  const projectId = text(server.tenant_id);
  for (const [networkName, entries] of Object.entries(record(server.addresses))) {
    for (const entry of list(entries).map(record)) {
      const mac = text(entry['OS-EXT-IPS-MAC:mac_addr']);
      const key = `${networkName}/${mac ?? ''}`;
      let nic = nics.get(key);
      if (!nic) {
        nic = { label: networkName, ipAddresses: [] };
        if (mac) nic.mac = mac;
        const networkId = networkIdOf(context, networkName, projectId);
        if (networkId) nic.networkId = idOf(context, 'network', networkId);
        nics.set(key, nic);
      }
      const address = text(entry.addr);
      if (address) nic.ipAddresses?.push(address);
    }
  }
  return [...nics.values()];
}

export function mapServer(server: NativeBody, context: MappingContext): InventoryObject {
  const id = String(server.id);
  const flavor = flavorOf(server, context);
  const hypervisorName = text(server['OS-EXT-SRV-ATTR:hypervisor_hostname']) ?? text(server['OS-EXT-SRV-ATTR:host']);
  const hypervisorId = hypervisorName ? context.hypervisorsByHost.get(hypervisorName) : undefined;
  const zone = text(server['OS-EXT-AZ:availability_zone']);
  const nics = serverNics(server, context);
  const relations: Relation[] = [];
  if (hypervisorId) relations.push({ type: 'runs-on', to: idOf(context, 'host', hypervisorId) });
  relations.push(...ownerRelation(context, server.tenant_id));
  const parentId = hypervisorId
    ? idOf(context, 'host', hypervisorId)
    : zone && context.zones.has(zone)
      ? zoneId(context, zone)
      : siteId(context);
  return inventoryObject(context, {
    kind: 'vm',
    nativeType: 'server',
    nativeId: id,
    name: typeof server.name === 'string' ? server.name : id,
    state: serverState(server.status),
    parentId,
    facts: {
      cpuCount: num(flavor.vcpus),
      memoryBytes: mibToBytes(flavor.ram),
      capacityBytes: gibToBytes(flavor.disk),
      ipAddresses: nics.flatMap((nic) => nic.ipAddresses ?? []),
      macAddresses: [...new Set(nics.map((nic) => nic.mac).filter((mac): mac is string => mac !== undefined))],
      uuid: id,
      hostName: text(server['OS-EXT-SRV-ATTR:hostname']),
      tags: list(server.tags).filter((tag): tag is string => typeof tag === 'string'),
      notes: text(server.description),
      nics,
    },
    relations,
    native: server,
  });
}

export function mapHypervisor(hypervisor: NativeBody, context: MappingContext, placement?: PlacementFacts): InventoryObject {
  const id = String(hypervisor.id);
  const service = record(hypervisor.service);
  const host = text(service.host) ?? text(hypervisor.hypervisor_hostname) ?? id;
  const zone = context.zoneOfHost.get(host);
  const type = text(hypervisor.hypervisor_type);
  const relations: Relation[] = (context.aggregatesOfHost.get(host) ?? []).map((aggregate) => ({
    type: 'member-of',
    to: idOf(context, 'cluster', aggregate),
  }));
  const native = placement ? { ...hypervisor, placement: placement.native } : hypervisor;
  return inventoryObject(context, {
    kind: 'host',
    nativeType: 'hypervisor',
    nativeId: id,
    name: text(hypervisor.hypervisor_hostname) ?? host,
    state: hypervisorState(hypervisor.state, hypervisor.status),
    parentId: zone && context.zones.has(zone) ? zoneId(context, zone) : siteId(context),
    facts: {
      hostName: text(hypervisor.hypervisor_hostname),
      ipAddresses: text(hypervisor.host_ip) ? [hypervisor.host_ip as string] : [],
      version: type ? `${type} ${String(hypervisor.hypervisor_version ?? '')}`.trim() : undefined,
      cpuCount: placement?.vcpus ?? num(hypervisor.vcpus),
      memoryBytes: placement?.memoryBytes ?? mibToBytes(hypervisor.memory_mb),
      capacityBytes: placement?.diskBytes ?? gibToBytes(hypervisor.local_gb),
      usedBytes: placement?.diskUsedBytes ?? gibToBytes(hypervisor.local_gb_used),
    },
    relations,
    native,
  });
}

/** A hypervisor's capacity and usage as Placement knows it. */
export interface PlacementFacts {
  vcpus?: number;
  memoryBytes?: number;
  diskBytes?: number;
  diskUsedBytes?: number;
  native: { inventories: NativeBody; usages: NativeBody };
}

/** Placement's inventories and usages of one resource provider, as facts. */
export function placementFacts(inventories: NativeBody, usages: NativeBody): PlacementFacts {
  const total = (resource: string): number | undefined => {
    const entry = record(inventories[resource]);
    const value = num(entry.total);
    return value === undefined ? undefined : value - (num(entry.reserved) ?? 0);
  };
  return {
    vcpus: total('VCPU'),
    memoryBytes: mibToBytes(total('MEMORY_MB')),
    diskBytes: gibToBytes(total('DISK_GB')),
    diskUsedBytes: gibToBytes(usages.DISK_GB),
    native: { inventories, usages },
  };
}

/** An availability zone (compute, block storage or both) as a cluster. */
export function mapZone(
  zone: { name: string; available: boolean; services: string[]; hosts: string[] },
  context: MappingContext,
): InventoryObject {
  return inventoryObject(context, {
    kind: 'cluster',
    nativeType: 'availability-zone',
    nativeId: zone.name,
    name: zone.name,
    state: zone.available ? 'online' : 'offline',
    parentId: siteId(context),
    native: { zoneName: zone.name, available: zone.available, services: zone.services, hosts: zone.hosts },
  });
}

/** A host aggregate as a cluster inside its zone. */
export function mapAggregate(aggregate: NativeBody, context: MappingContext): InventoryObject {
  const nativeId = aggregateNativeId(aggregate);
  const zone = text(aggregate.availability_zone);
  const metadata = record(aggregate.metadata);
  return inventoryObject(context, {
    kind: 'cluster',
    nativeType: 'aggregate',
    nativeId,
    name: text(aggregate.name) ?? nativeId,
    state: 'online',
    parentId: zone && context.zones.has(zone) ? zoneId(context, zone) : siteId(context),
    facts: {
      tags: Object.entries(metadata)
        .filter(([key]) => key !== 'availability_zone')
        .map(([key, value]) => `${key}=${String(value)}`),
    },
    native: aggregate,
  });
}

/** Aggregates have a UUID since Nova 2.41, an integer id before. */
export const aggregateNativeId = (aggregate: NativeBody): string => text(aggregate.uuid) ?? `aggregate-${String(aggregate.id)}`;
