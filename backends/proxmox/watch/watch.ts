import type { InventoryDelta, InventoryObject, ObjectId } from '../../../common/model/inventory';
import { sleep } from '../../core/concurrency';
import type { ProxmoxApi } from '../api/client';
import { readRows, readString } from '../api/lenient';
import { UpsertBatcher } from '../inventory/batcher';
import { guestObjects } from '../inventory/guest-objects';
import type { ProxmoxIds } from '../inventory/ids';
import { mapCluster, mapNode, readClusterStatus } from '../inventory/map-cluster';
import { guestRef } from '../inventory/map-guest';
import { mapPool } from '../inventory/map-pool';
import { mapStorages } from '../inventory/map-storage';
import { SyncNotes } from '../inventory/notes';
import type { SyncState } from '../inventory/sync-state';
import { diffResources } from './resource-diff';

export interface WatchContext {
  api: ProxmoxApi;
  ids: ProxmoxIds;
  concurrency: number;
  batchSize: number;
  intervalMs: number;
  state: () => SyncState | undefined;
  commit: (state: SyncState) => void;
  /** Runs first when nothing was synced yet, so the watch always starts from a full picture. */
  fullSync: (signal: AbortSignal) => AsyncIterable<InventoryDelta>;
}

const rowsOfType = (rows: readonly Record<string, unknown>[], type: string): Record<string, unknown>[] =>
  rows.filter((row) => row.type === type);

/** Guests whose task finished since the last look: a snapshot or a pause does not show in /cluster/resources. */
class FinishedTasks {
  readonly #seen = new Set<string>();

  /** vmids touched by tasks that finished since the previous call (none on the first). */
  update(data: unknown, first: boolean): Set<string> {
    const touched = new Set<string>();
    for (const row of readRows(data)) {
      const upid = readString(row.upid);
      if (!upid || readString(row.status) === undefined || this.#seen.has(upid)) continue;
      this.#seen.add(upid);
      const id = readString(row.id);
      if (!first && id && /^\d+$/.test(id)) touched.add(id);
    }
    return touched;
  }
}

/**
 * Polls /cluster/resources (plus /cluster/tasks) and emits only what changed, as
 * begin(false) · upsert* · remove* · commit. Detail is fetched again only for guests
 * whose row changed or whose task just finished.
 */
export async function* watchChanges(context: WatchContext, signal: AbortSignal): AsyncGenerator<InventoryDelta> {
  if (!context.state()) yield* context.fullSync(signal);
  const { api } = context;
  const tasks = new FinishedTasks();
  const notes = new SyncNotes();
  tasks.update(await notes.optional('list recent tasks', () => api.get('/cluster/tasks', undefined, signal)), true);
  for (;;) {
    await sleep(context.intervalMs, signal);
    const [resources, recentTasks] = await Promise.all([
      api.get('/cluster/resources', undefined, signal).then(readRows),
      notes.optional('list recent tasks', () => api.get('/cluster/tasks', undefined, signal)),
    ]);
    const touched = tasks.update(recentTasks, false);
    yield* pollOnce(context, context.state() as SyncState, resources, touched, signal);
  }
}

async function* pollOnce(
  context: WatchContext,
  previous: SyncState,
  resources: Record<string, unknown>[],
  touched: ReadonlySet<string>,
  signal: AbortSignal,
): AsyncGenerator<InventoryDelta> {
  const { api, ids } = context;
  const notes = new SyncNotes();
  const { changed, removed } = diffResources(previous.rows, resources);
  const upserts: InventoryObject[] = [];
  const removals: ObjectId[] = [];
  const state: SyncState = {
    ...previous,
    rows: new Map(),
    guests: new Map(previous.guests),
    guestIds: new Map(previous.guestIds),
    snapshotIds: new Map(previous.snapshotIds),
  };
  for (const row of resources) {
    const id = readString(row.id);
    if (id) state.rows.set(id, row);
  }
  const nodeRows = rowsOfType(resources, 'node');
  const isType = (type: string) => (row: Record<string, unknown>) => row.type === type;

  if (changed.some(isType('node')) || removed.some(isType('node'))) {
    const statusData = await notes.optional('read the cluster status', () => api.get('/cluster/status', undefined, signal));
    if (statusData !== undefined) state.status = readClusterStatus(statusData);
    upserts.push(mapCluster(ids, state.status, nodeRows));
    for (const row of changed.filter(isType('node'))) {
      const node = mapNode(ids, row, state.status, state.clusterId);
      if (node) upserts.push(node);
    }
    for (const row of removed.filter(isType('node'))) removals.push(ids.host(readString(row.node) ?? ''));
  }

  const storageNames = new Set([...changed, ...removed].filter(isType('storage')).map((row) => readString(row.storage)));
  if (storageNames.size > 0) {
    const storageRows = rowsOfType(resources, 'storage').filter((row) => storageNames.has(readString(row.storage)));
    for (const row of storageRows) state.links.addStorageRow(row);
    const mapped = mapStorages(ids, storageRows, state.clusterId);
    upserts.push(...mapped);
    const stillThere = new Set(mapped.map((object) => object.id));
    for (const row of removed.filter(isType('storage'))) {
      const node = readString(row.node) ?? '';
      const storage = readString(row.storage) ?? '';
      const id = state.links.storage(node, storage);
      if (id && !stillThere.has(id)) removals.push(id);
    }
  }

  const changedRows = new Set(changed);
  const guestRows = resources.filter((row) => {
    const ref = guestRef(row);
    return ref !== undefined && (touched.has(ref.vmid) || changedRows.has(row));
  });
  const unknownPools = guestRows
    .map((row) => readString(row.pool))
    .filter((pool): pool is string => pool !== undefined && !state.links.pool(pool));
  if (unknownPools.length > 0) {
    for (const row of readRows(await notes.optional('list the resource pools', () => api.get('/pools', undefined, signal)))) {
      const pool = mapPool(ids, row, state.clusterId);
      if (!pool || state.links.pool(pool.nativeId)) continue;
      state.links.addPool(pool.nativeId);
      upserts.push(pool);
    }
  }

  const onlineNodes = new Set(
    nodeRows
      .filter((row) => readString(row.status) === 'online' && state.status.nodes.get(readString(row.node) ?? '')?.online !== false)
      .map((row) => readString(row.node) as string),
  );
  const refreshed = await guestObjects(
    { api, links: state.links, notes, concurrency: context.concurrency, onlineNodes },
    guestRows,
    signal,
  );
  for (const { ref, guest, snapshots } of refreshed) {
    const vmid = ref.vmid;
    state.guests.set(vmid, ref);
    const previousId = state.guestIds.get(vmid);
    if (previousId && previousId !== guest.id) removals.push(previousId);
    state.guestIds.set(vmid, guest.id);
    const snapshotIds = snapshots.map((snapshot) => snapshot.id);
    const kept = new Set(snapshotIds);
    removals.push(...(state.snapshotIds.get(vmid) ?? []).filter((id) => !kept.has(id)));
    state.snapshotIds.set(vmid, snapshotIds);
    upserts.push(guest, ...snapshots);
  }
  for (const row of removed) {
    const ref = guestRef(row);
    if (!ref) continue;
    const id = state.guestIds.get(ref.vmid);
    if (id) removals.push(id);
    removals.push(...(state.snapshotIds.get(ref.vmid) ?? []));
    state.guests.delete(ref.vmid);
    state.guestIds.delete(ref.vmid);
    state.snapshotIds.delete(ref.vmid);
  }

  if (upserts.length === 0 && removals.length === 0) {
    context.commit(state);
    return;
  }
  yield { op: 'begin', full: false };
  const batcher = new UpsertBatcher(context.batchSize);
  yield* batcher.add(...upserts);
  yield* batcher.flush();
  if (removals.length > 0) yield { op: 'remove', ids: [...new Set(removals)] };
  signal.throwIfAborted();
  context.commit(state);
  yield { op: 'commit', notes: notes.list() };
}
