import type { ConnectionStatus } from '../../common/model/connection';
import type { ConnectionInventory } from '../../common/model/inventory-views';
import { ageText } from './data-age';

export type FreshnessTone = 'live' | 'fresh' | 'syncing' | 'stale' | 'unreachable' | 'never';

/** How current a connection's inventory is, as the tree, the table and the status bar say it. */
export interface Freshness {
  tone: FreshnessTone;
  /** Short: "stale · synced 3 h ago". */
  label: string;
  /** The data shown is an offline copy that may be out of date. */
  stale: boolean;
  /** Longer, for a tooltip: the connection's own message or the last sync error. */
  detail: string;
}

/**
 * Combines what the store knows (when the last sync ended, whether it is old) with the live
 * session's status (connected, syncing, unreachable). Either may be missing: a connection
 * removed from the settings keeps its offline copy; a new one has no data yet.
 */
export function freshness(inventory: ConnectionInventory | undefined, status: ConnectionStatus | undefined, now: number): Freshness {
  const synced = inventory?.lastSyncAt ? `synced ${ageText(inventory.lastSyncAt, now)}` : 'never synced';
  const hasData = (inventory?.objectCount ?? 0) > 0;
  const lastError = inventory?.lastError?.message;
  const level = status?.level ?? 'idle';
  const busy = level === 'syncing' || level === 'connecting' || (level === 'idle' && inventory?.level === 'syncing');
  if (busy && inventory?.level === 'stale' && hasData) {
    // Reconnecting after a failure, or catching up on old data: what shows is still the old copy.
    return { tone: 'stale', label: `stale · ${synced}`, stale: true, detail: status?.message ?? 'A sync is running.' };
  }
  if (busy) {
    return {
      tone: 'syncing',
      label: hasData ? `syncing… · ${synced}` : 'syncing…',
      stale: false,
      detail: status?.message ?? 'A sync is running.',
    };
  }
  if (level === 'error' || level === 'stale') {
    const tone = level === 'error' ? 'unreachable' : 'stale';
    return { tone, label: `${tone} · ${synced}`, stale: hasData, detail: status?.message ?? lastError ?? '' };
  }
  if (level === 'connected') return { tone: 'live', label: `live · ${synced}`, stale: false, detail: status?.message ?? '' };
  if (!inventory || inventory.level === 'never-synced')
    return { tone: 'never', label: 'never synced', stale: false, detail: status?.message ?? '' };
  if (inventory.level === 'stale') {
    return {
      tone: 'stale',
      label: `stale · ${synced}`,
      stale: true,
      detail: lastError
        ? `The last sync failed: ${lastError}`
        : `Offline copy: the last successful sync ended ${new Date(inventory.lastSyncAt ?? now).toLocaleString()}.`,
    };
  }
  return { tone: 'fresh', label: synced, stale: false, detail: '' };
}
