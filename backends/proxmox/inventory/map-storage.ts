import type { InventoryObject, ObjectState, Relation } from '../../../common/model/inventory';
import { readBoolean, readInteger, readString } from '../api/lenient';
import { nativeIds, type ProxmoxIds } from './ids';

function storageState(status: string | undefined, active: boolean): ObjectState {
  if (status === 'available') return 'available';
  if (status === 'unavailable' || status === 'offline') return 'offline';
  return active ? 'available' : 'unknown';
}

/**
 * `type: storage` rows of /cluster/resources → storage objects. A node-local storage
 * (local, local-lvm) is one object per node; a shared one (NFS, Ceph RBD) is one object
 * for the cluster, attached to every node that reports it.
 */
export function mapStorages(ids: ProxmoxIds, rows: readonly Record<string, unknown>[], clusterId: string): InventoryObject[] {
  const byId = new Map<string, InventoryObject>();
  for (const row of rows) {
    const node = readString(row.node);
    const storage = readString(row.storage);
    if (!node || !storage) continue;
    const shared = readBoolean(row.shared) ?? false;
    const nativeId = nativeIds.storage(node, storage, shared);
    const hostId = ids.host(node);
    const state = storageState(readString(row.status), false);
    const existing = byId.get(nativeId);
    if (existing) {
      existing.relations.push({ type: 'attached-to', to: hostId });
      (existing.native.nodes as Record<string, unknown>[]).push(row);
      if (existing.state !== 'available' && state === 'available') existing.state = state;
      continue;
    }
    const facts: InventoryObject['facts'] = {};
    const capacity = readInteger(row.maxdisk);
    if (capacity !== undefined) facts.capacityBytes = capacity;
    const used = readInteger(row.disk);
    if (used !== undefined) facts.usedBytes = used;
    const relations: Relation[] = [{ type: 'attached-to', to: hostId }];
    byId.set(nativeId, {
      id: ids.storage(nativeId),
      connectionId: ids.connectionId,
      platform: 'proxmox',
      kind: 'storage',
      nativeId,
      nativeType: readString(row.plugintype) ?? 'storage',
      name: storage,
      state,
      parentId: shared ? clusterId : hostId,
      facts,
      relations,
      native: { storage, shared, content: readString(row.content), plugintype: readString(row.plugintype), nodes: [row] },
    });
  }
  return [...byId.values()];
}
