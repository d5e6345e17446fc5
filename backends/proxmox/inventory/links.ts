import type { ObjectId } from '../../../common/model/inventory';
import { readBoolean, readString } from '../api/lenient';
import { nativeIds, type ProxmoxIds } from './ids';

/**
 * Resolves the names a guest config uses (storage "local-lvm", bridge "vmbr0", vnet
 * "vnet10", pool "prod") into the ids of objects this sync knows, so that relations
 * never point at something the account could not see.
 */
export class LinkResolver {
  readonly ids: ProxmoxIds;
  readonly clusterId: ObjectId;
  readonly #sharedStorages = new Set<string>();
  readonly #localStorages = new Set<string>();
  readonly #interfaces = new Set<string>();
  readonly #vnets = new Set<string>();
  readonly #pools = new Set<string>();

  constructor(ids: ProxmoxIds, clusterId: ObjectId) {
    this.ids = ids;
    this.clusterId = clusterId;
  }

  /** A `type: storage` row of /cluster/resources. */
  addStorageRow(row: Record<string, unknown>): void {
    const node = readString(row.node);
    const storage = readString(row.storage);
    if (!node || !storage) return;
    if (readBoolean(row.shared)) this.#sharedStorages.add(storage);
    else this.#localStorages.add(nativeIds.storage(node, storage, false));
  }

  addInterface(node: string, iface: string): void {
    this.#interfaces.add(nativeIds.nodeInterface(node, iface));
  }

  addVnet(vnet: string): void {
    this.#vnets.add(vnet);
  }

  addPool(poolId: string): void {
    this.#pools.add(poolId);
  }

  hasInterface(node: string, iface: string): boolean {
    return this.#interfaces.has(nativeIds.nodeInterface(node, iface));
  }

  storage(node: string, storage: string): ObjectId | undefined {
    if (this.#sharedStorages.has(storage)) return this.ids.storage(nativeIds.storage(node, storage, true));
    const local = nativeIds.storage(node, storage, false);
    return this.#localStorages.has(local) ? this.ids.storage(local) : undefined;
  }

  /** A NIC's bridge: an SDN vnet of that name wins over a node bridge. */
  network(node: string, bridge: string): ObjectId | undefined {
    if (this.#vnets.has(bridge)) return this.ids.network(nativeIds.sdnVnet(bridge));
    return this.hasInterface(node, bridge) ? this.ids.network(nativeIds.nodeInterface(node, bridge)) : undefined;
  }

  pool(poolId: string): ObjectId | undefined {
    return this.#pools.has(poolId) ? this.ids.pool(poolId) : undefined;
  }
}
