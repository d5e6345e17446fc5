import type { InventoryObject, Relation } from '../../../common/model/inventory';
import { readBoolean, readInteger, readRows, readString } from '../api/lenient';
import { nativeIds, type ProxmoxIds } from './ids';

/** Interface types that guests attach to, or that carry those: physical ports are left out. */
const mappedTypes = new Set(['bridge', 'bond', 'vlan', 'OVSBridge', 'OVSBond', 'OVSIntPort']);

const splitList = (text: string | undefined): string[] => (text ?? '').split(/[\s,;]+/).filter(Boolean);

/** The interfaces of GET /nodes/{node}/network that become network objects. */
export function mappedInterfaces(data: unknown): Record<string, unknown>[] {
  return readRows(data).filter((row) => mappedTypes.has(readString(row.type) ?? '') && readString(row.iface));
}

function interfaceUplinks(row: Record<string, unknown>): string[] {
  const type = readString(row.type);
  const iface = readString(row.iface) ?? '';
  if (type === 'bridge') return splitList(readString(row.bridge_ports));
  if (type === 'OVSBridge') return splitList(readString(row.ovs_ports));
  if (type === 'OVSBond' || type === 'OVSIntPort') return splitList(readString(row.ovs_bridge));
  if (type === 'vlan') {
    const raw = readString(row['vlan-raw-device']) ?? (iface.includes('.') ? iface.slice(0, iface.lastIndexOf('.')) : undefined);
    return raw ? [raw] : [];
  }
  return [];
}

function interfaceVlan(row: Record<string, unknown>): number | undefined {
  const explicit = readInteger(row['vlan-id']) ?? readInteger(row.ovs_tag);
  if (explicit !== undefined) return explicit;
  const iface = readString(row.iface) ?? '';
  const suffix = /\.(\d+)$/.exec(iface);
  return readString(row.type) === 'vlan' && suffix ? Number(suffix[1]) : undefined;
}

/**
 * One node's bridges, bonds and VLAN interfaces. Each runs on its node and is attached
 * to the interfaces it rides on (a bridge to its bond, a VLAN to its raw device) when
 * those are mapped too.
 */
export function mapNodeInterfaces(ids: ProxmoxIds, node: string, rows: readonly Record<string, unknown>[]): InventoryObject[] {
  const present = new Set(rows.map((row) => readString(row.iface) ?? ''));
  const hostId = ids.host(node);
  return rows.map((row) => {
    const iface = readString(row.iface) as string;
    const nativeId = nativeIds.nodeInterface(node, iface);
    const relations: Relation[] = [{ type: 'runs-on', to: hostId }];
    for (const uplink of interfaceUplinks(row)) {
      if (present.has(uplink) && uplink !== iface)
        relations.push({ type: 'attached-to', to: ids.network(nativeIds.nodeInterface(node, uplink)) });
    }
    const facts: InventoryObject['facts'] = {};
    const cidr =
      readString(row.cidr) ??
      (readString(row.address) && readString(row.netmask) ? `${readString(row.address)}/${readString(row.netmask)}` : undefined);
    if (cidr) facts.cidr = cidr;
    const address = readString(row.address);
    if (address) facts.ipAddresses = [address];
    const vlan = interfaceVlan(row);
    if (vlan !== undefined) facts.vlan = vlan;
    const comments = readString(row.comments);
    if (comments) facts.notes = comments;
    const active = readBoolean(row.active);
    return {
      id: ids.network(nativeId),
      connectionId: ids.connectionId,
      platform: 'proxmox',
      kind: 'network',
      nativeId,
      nativeType: readString(row.type) as string,
      name: iface,
      state: active === false ? 'offline' : active ? 'available' : 'unknown',
      parentId: hostId,
      facts,
      relations,
      native: { node, ...row },
    } satisfies InventoryObject;
  });
}

/**
 * A row of GET /cluster/sdn/zones. VLAN and QinQ zones ride on a bridge of every node
 * (`bridge`); `hasBridge` tells which nodes have it.
 */
export function mapSdnZone(
  ids: ProxmoxIds,
  row: Record<string, unknown>,
  clusterId: string,
  nodesWithBridge: (bridge: string) => string[],
): InventoryObject | undefined {
  const zone = readString(row.zone);
  if (!zone) return undefined;
  const bridge = readString(row.bridge);
  const relations: Relation[] = bridge
    ? nodesWithBridge(bridge).map((node) => ({ type: 'attached-to', to: ids.network(nativeIds.nodeInterface(node, bridge)) }))
    : [];
  return {
    id: ids.network(nativeIds.sdnZone(zone)),
    connectionId: ids.connectionId,
    platform: 'proxmox',
    kind: 'network',
    nativeId: nativeIds.sdnZone(zone),
    nativeType: 'sdn-zone',
    name: zone,
    state: readString(row.state) === 'deleted' ? 'offline' : 'available',
    parentId: clusterId,
    facts: {},
    relations,
    native: row,
  };
}

/** A row of GET /cluster/sdn/vnets: a cluster-wide virtual network, member of its zone. */
export function mapSdnVnet(
  ids: ProxmoxIds,
  row: Record<string, unknown>,
  clusterId: string,
  knownZones: ReadonlySet<string>,
): InventoryObject | undefined {
  const vnet = readString(row.vnet);
  if (!vnet) return undefined;
  const zone = readString(row.zone);
  const facts: InventoryObject['facts'] = {};
  const tag = readInteger(row.tag);
  if (tag !== undefined) facts.vlan = tag;
  const alias = readString(row.alias);
  if (alias) facts.notes = alias;
  const zoneId = zone && knownZones.has(zone) ? ids.network(nativeIds.sdnZone(zone)) : undefined;
  return {
    id: ids.network(nativeIds.sdnVnet(vnet)),
    connectionId: ids.connectionId,
    platform: 'proxmox',
    kind: 'network',
    nativeId: nativeIds.sdnVnet(vnet),
    nativeType: 'sdn-vnet',
    name: vnet,
    state: readString(row.state) === 'deleted' ? 'offline' : 'available',
    parentId: zoneId ?? clusterId,
    facts,
    relations: zoneId ? [{ type: 'member-of', to: zoneId }] : [],
    native: row,
  };
}
