import type { InventoryObject } from '../../../common/model/inventory';
import { readBoolean, readInteger, readRows, readString } from '../api/lenient';
import type { ProxmoxIds } from './ids';

/**
 * GET …/{qemu|lxc}/{vmid}/snapshot → snapshot objects of one guest. The list always ends
 * with a `current` pseudo-entry ("You are here!"), which is not a snapshot.
 */
export function mapSnapshots(ids: ProxmoxIds, vmid: string, guestId: string, data: unknown): InventoryObject[] {
  const objects: InventoryObject[] = [];
  for (const row of readRows(data)) {
    const name = readString(row.name);
    if (!name || name === 'current') continue;
    const facts: InventoryObject['facts'] = {};
    const snaptime = readInteger(row.snaptime);
    if (snaptime !== undefined) facts.createdAt = new Date(snaptime * 1000).toISOString();
    const description = readString(row.description);
    if (description) facts.notes = description;
    objects.push({
      id: ids.snapshot(vmid, name),
      connectionId: ids.connectionId,
      platform: 'proxmox',
      kind: 'snapshot',
      nativeId: `${vmid}/${name}`,
      nativeType: readBoolean(row.vmstate) ? 'snapshot-with-ram' : 'snapshot',
      name,
      state: 'available',
      parentId: guestId,
      facts,
      relations: [{ type: 'snapshot-of', to: guestId }],
      native: row,
    });
  }
  return objects;
}
