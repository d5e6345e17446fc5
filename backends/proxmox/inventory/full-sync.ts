import type { InventoryDelta } from '../../../common/model/inventory';
import { yieldToEventLoop } from '../../core/concurrency';
import type { ProxmoxApi } from '../api/client';
import { UpsertBatcher } from './batcher';
import { loadClusterContext } from './cluster-context';
import { guestObjects } from './guest-objects';
import type { ProxmoxIds } from './ids';
import { guestRef } from './map-guest';
import { SyncNotes } from './notes';
import type { SyncState } from './sync-state';

export interface SyncSettings {
  api: ProxmoxApi;
  ids: ProxmoxIds;
  /** Detail requests in flight at once. */
  concurrency: number;
  /** Objects per upsert delta (and guests fetched per round). */
  batchSize: number;
}

/**
 * A full sync as deltas: begin(full) · upsert* · commit. Nothing is committed unless
 * every essential call succeeded; `onCommit` receives what the watch needs next.
 */
export async function* fullSync(
  settings: SyncSettings,
  signal: AbortSignal,
  onCommit: (state: SyncState) => void,
): AsyncGenerator<InventoryDelta> {
  const { api, ids, concurrency, batchSize } = settings;
  const notes = new SyncNotes();
  const context = await loadClusterContext(api, ids, concurrency, notes, signal);
  const state: SyncState = {
    clusterId: context.links.clusterId,
    status: context.status,
    links: context.links,
    rows: new Map(),
    guests: new Map(),
    guestIds: new Map(),
    snapshotIds: new Map(),
    notes: [],
  };
  for (const row of context.resources) {
    const id = typeof row.id === 'string' ? row.id : undefined;
    if (id) state.rows.set(id, row);
  }

  yield { op: 'begin', full: true };
  const batcher = new UpsertBatcher(batchSize);
  yield* batcher.add(...context.objects);

  const guestRows = context.resources.filter((row) => guestRef(row) !== undefined);
  const fetchContext = { api, links: context.links, notes, concurrency, onlineNodes: context.onlineNodes, qmpStatus: context.qmpStatus };
  for (let start = 0; start < guestRows.length; start += batchSize) {
    const round = await guestObjects(fetchContext, guestRows.slice(start, start + batchSize), signal);
    for (const { ref, guest, snapshots } of round) {
      state.guests.set(ref.vmid, ref);
      state.guestIds.set(guest.nativeId, guest.id);
      state.snapshotIds.set(
        guest.nativeId,
        snapshots.map((snapshot) => snapshot.id),
      );
      yield* batcher.add(guest, ...snapshots);
    }
    await yieldToEventLoop();
  }
  yield* batcher.flush();
  state.notes = notes.list();
  signal.throwIfAborted();
  onCommit(state);
  yield { op: 'commit', notes: state.notes };
}
