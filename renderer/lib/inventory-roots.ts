import type { ConnectionConfig, ConnectionStatus } from '../../common/model/connection';
import type { ConnectionInventory } from '../../common/model/inventory-views';
import type { PlatformKind } from '../../common/model/platform';
import { freshness, type Freshness } from './freshness';

/** A connection as the inventory shows it: configured, or only known from its offline copy. */
export interface InventoryRoot {
  connectionId: string;
  name: string;
  platform: PlatformKind;
  /** In the settings (it has a live session); false for an offline copy of a removed connection. */
  configured: boolean;
  objectCount: number;
  freshness: Freshness;
}

/**
 * Every connection with data in the store or in the settings, by name. The settings name a
 * configured connection; the store keeps the data (and the name it had) of one removed since.
 */
export function inventoryRoots(
  stored: readonly ConnectionInventory[],
  configured: readonly ConnectionConfig[],
  statuses: Readonly<Record<string, ConnectionStatus>>,
  now: number,
): InventoryRoot[] {
  const configuredIds = new Set(configured.map((config) => config.id));
  const storedById = new Map(stored.map((inventory) => [inventory.connectionId, inventory]));
  const roots: InventoryRoot[] = [
    ...configured.map((config) => ({ id: config.id, name: config.name, platform: config.kind })),
    ...stored
      .filter((inventory) => !configuredIds.has(inventory.connectionId))
      .map((inventory) => ({ id: inventory.connectionId, name: inventory.name, platform: inventory.platform })),
  ].map(({ id, name, platform }) => {
    const inventory = storedById.get(id);
    return {
      connectionId: id,
      name,
      platform,
      configured: configuredIds.has(id),
      objectCount: inventory?.objectCount ?? 0,
      freshness: freshness(inventory, statuses[id], now),
    };
  });
  return roots.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}
