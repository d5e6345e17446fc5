import type { InventoryObject } from '../../../common/model/inventory';
import { readString } from '../api/lenient';
import type { ProxmoxIds } from './ids';

/** A row of GET /pools (or a `type: pool` row of /cluster/resources). */
export function mapPool(ids: ProxmoxIds, row: Record<string, unknown>, clusterId: string): InventoryObject | undefined {
  const poolId = readString(row.poolid) ?? readString(row.pool);
  if (!poolId) return undefined;
  const comment = readString(row.comment);
  return {
    id: ids.pool(poolId),
    connectionId: ids.connectionId,
    platform: 'proxmox',
    kind: 'tenant',
    nativeId: poolId,
    nativeType: 'pool',
    name: poolId,
    state: 'available',
    parentId: clusterId,
    facts: comment ? { notes: comment } : {},
    relations: [],
    native: row,
  };
}
