import type { InventoryObject, Relation } from '../../../common/model/inventory';
import { idOf, inventoryObject, list, num, ownerRelation, record, siteId, text, type MappingContext, type NativeBody } from './context';
import { neutronState } from './states';

const ownerOf = (body: NativeBody): unknown => body.project_id ?? body.tenant_id;
const tagsOf = (body: NativeBody): string[] => list(body.tags).filter((tag): tag is string => typeof tag === 'string');

export function mapNetwork(network: NativeBody, context: MappingContext): InventoryObject {
  const id = String(network.id);
  const vlan = network['provider:network_type'] === 'vlan' ? num(network['provider:segmentation_id']) : undefined;
  return inventoryObject(context, {
    kind: 'network',
    nativeType: 'network',
    nativeId: id,
    name: text(network.name) ?? id,
    state: neutronState(network.status, network.admin_state_up),
    parentId: siteId(context),
    facts: { vlan, tags: tagsOf(network), notes: text(network.description) },
    relations: ownerRelation(context, ownerOf(network)),
    native: network,
  });
}

export function mapSubnet(subnet: NativeBody, context: MappingContext): InventoryObject {
  const id = String(subnet.id);
  const networkId = idOf(context, 'network', String(subnet.network_id));
  return inventoryObject(context, {
    kind: 'network',
    nativeType: 'subnet',
    nativeId: id,
    name: text(subnet.name) ?? text(subnet.cidr) ?? id,
    state: 'available',
    parentId: networkId,
    facts: { cidr: text(subnet.cidr), tags: tagsOf(subnet), notes: text(subnet.description) },
    relations: [{ type: 'member-of', to: networkId }, ...ownerRelation(context, ownerOf(subnet))],
    native: subnet,
  });
}

const fixedAddresses = (body: NativeBody, key: string): string[] =>
  list(body[key])
    .map((entry) => text(record(entry).ip_address))
    .filter((address): address is string => address !== undefined);

export const isRouterInterface = (owner: unknown): boolean =>
  typeof owner === 'string' && /^network:(router_interface|ha_router_replicated_interface|router_interface_distributed)/.test(owner);
const isRouterPort = (owner: unknown): boolean => isRouterInterface(owner) || owner === 'network:router_gateway';

export function mapPort(port: NativeBody, context: MappingContext): InventoryObject {
  const id = String(port.id);
  const networkId = idOf(context, 'network', String(port.network_id));
  const owner = port.device_owner;
  const device = text(port.device_id);
  const addresses = fixedAddresses(port, 'fixed_ips');
  const relations: Relation[] = [{ type: 'attached-to', to: networkId }];
  if (device && typeof owner === 'string' && owner.startsWith('compute:'))
    relations.push({ type: 'attached-to', to: idOf(context, 'vm', device) });
  if (device && isRouterPort(owner)) {
    relations.push({
      type: 'attached-to',
      to: idOf(context, 'network', device),
      via: owner === 'network:router_gateway' ? 'gateway' : 'interface',
    });
  }
  for (const group of list(port.security_groups)) {
    if (typeof group === 'string') relations.push({ type: 'member-of', to: idOf(context, 'network', group) });
  }
  relations.push(...ownerRelation(context, ownerOf(port)));
  return inventoryObject(context, {
    kind: 'network',
    nativeType: 'port',
    nativeId: id,
    name: text(port.name) ?? addresses[0] ?? text(port.mac_address) ?? id,
    state: neutronState(port.status, port.admin_state_up),
    parentId: networkId,
    facts: {
      macAddresses: text(port.mac_address) ? [port.mac_address as string] : [],
      ipAddresses: addresses,
      tags: tagsOf(port),
      notes: text(port.description),
    },
    relations,
    native: port,
  });
}

export function mapRouter(router: NativeBody, context: MappingContext): InventoryObject {
  const id = String(router.id);
  const gateway = record(router.external_gateway_info);
  const relations: Relation[] = [];
  const gatewayNetwork = text(gateway.network_id);
  if (gatewayNetwork) relations.push({ type: 'routes-to', to: idOf(context, 'network', gatewayNetwork), via: 'gateway' });
  const seen = new Set<string>(gatewayNetwork ? [gatewayNetwork] : []);
  for (const { networkId, portId } of context.routerInterfaces.get(id) ?? []) {
    if (seen.has(networkId)) continue;
    seen.add(networkId);
    relations.push({ type: 'routes-to', to: idOf(context, 'network', networkId), via: portId });
  }
  relations.push(...ownerRelation(context, ownerOf(router)));
  return inventoryObject(context, {
    kind: 'network',
    nativeType: 'router',
    nativeId: id,
    name: text(router.name) ?? id,
    state: neutronState(router.status, router.admin_state_up),
    parentId: siteId(context),
    facts: { ipAddresses: fixedAddresses(gateway, 'external_fixed_ips'), tags: tagsOf(router), notes: text(router.description) },
    relations,
    native: router,
  });
}

export function mapFloatingIp(ip: NativeBody, context: MappingContext): InventoryObject {
  const id = String(ip.id);
  const address = text(ip.floating_ip_address) ?? id;
  const portId = text(ip.port_id);
  const relations: Relation[] = portId ? [{ type: 'routes-to', to: idOf(context, 'network', portId) }] : [];
  relations.push(...ownerRelation(context, ownerOf(ip)));
  return inventoryObject(context, {
    kind: 'network',
    nativeType: 'floating-ip',
    nativeId: id,
    name: address,
    state: neutronState(ip.status, undefined),
    parentId: idOf(context, 'network', String(ip.floating_network_id)),
    facts: {
      ipAddresses: [address, text(ip.fixed_ip_address)].filter((value): value is string => value !== undefined),
      tags: tagsOf(ip),
      notes: text(ip.description),
    },
    relations,
    native: ip,
  });
}

export function mapSecurityGroup(group: NativeBody, context: MappingContext): InventoryObject {
  const id = String(group.id);
  return inventoryObject(context, {
    kind: 'network',
    nativeType: 'security-group',
    nativeId: id,
    name: text(group.name) ?? id,
    state: 'available',
    parentId: siteId(context),
    facts: { tags: tagsOf(group), notes: text(group.description) },
    relations: ownerRelation(context, ownerOf(group)),
    native: group,
  });
}
