import { objectId, parseObjectId, type ObjectId, type ObjectKind } from '../../../common/model/inventory';

/**
 * Native ids of Proxmox objects inside one connection. Guests are known by vmid
 * (unique in a cluster), node-local things by `<node>/<name>`, shared storage and SDN
 * objects by their cluster-wide names.
 */
export const nativeIds = {
  storage: (node: string, storage: string, shared: boolean): string => (shared ? storage : `${node}/${storage}`),
  nodeInterface: (node: string, iface: string): string => `${node}/${iface}`,
  sdnZone: (zone: string): string => `sdn/zone/${zone}`,
  sdnVnet: (vnet: string): string => `sdn/vnet/${vnet}`,
  snapshot: (vmid: string, name: string): string => `${vmid}/${name}`,
};

export class ProxmoxIds {
  readonly connectionId: string;

  constructor(connectionId: string) {
    this.connectionId = connectionId;
  }

  of(kind: ObjectKind, nativeId: string): ObjectId {
    return objectId(this.connectionId, kind, nativeId);
  }

  cluster(name: string): ObjectId {
    return this.of('cluster', name);
  }

  host(node: string): ObjectId {
    return this.of('host', node);
  }

  guest(vmid: string, template: boolean): ObjectId {
    return this.of(template ? 'template' : 'vm', vmid);
  }

  storage(nativeId: string): ObjectId {
    return this.of('storage', nativeId);
  }

  network(nativeId: string): ObjectId {
    return this.of('network', nativeId);
  }

  pool(poolId: string): ObjectId {
    return this.of('tenant', poolId);
  }

  snapshot(vmid: string, name: string): ObjectId {
    return this.of('snapshot', nativeIds.snapshot(vmid, name));
  }
}

/** What an action or console target names, read back from its object id. */
export type ProxmoxTarget =
  | { kind: 'guest'; vmid: string }
  | { kind: 'snapshot'; vmid: string; name: string }
  | { kind: 'node'; node: string }
  | { kind: 'storage'; node?: string; storage: string };

export function readTarget(id: ObjectId): ProxmoxTarget | undefined {
  const parsed = parseObjectId(id);
  if (!parsed) return undefined;
  const { kind, nativeId } = parsed;
  if (kind === 'vm' || kind === 'template') return /^\d+$/.test(nativeId) ? { kind: 'guest', vmid: nativeId } : undefined;
  if (kind === 'snapshot') {
    const slash = nativeId.indexOf('/');
    return slash > 0 ? { kind: 'snapshot', vmid: nativeId.slice(0, slash), name: nativeId.slice(slash + 1) } : undefined;
  }
  if (kind === 'host') return { kind: 'node', node: nativeId };
  if (kind === 'storage') {
    const slash = nativeId.indexOf('/');
    return slash > 0
      ? { kind: 'storage', node: nativeId.slice(0, slash), storage: nativeId.slice(slash + 1) }
      : { kind: 'storage', storage: nativeId };
  }
  return undefined;
}
