import type { InventoryObject } from '../../../common/model/inventory';
import { mapConcurrent } from '../../core/concurrency';
import type { ProxmoxApi } from '../api/client';
import { readString } from '../api/lenient';
import { fetchGuestDetail } from './guest-detail';
import type { LinkResolver } from './links';
import { guestRef, mapGuest, type GuestRef } from './map-guest';
import { mapSnapshots } from './map-snapshot';
import type { SyncNotes } from './notes';

export interface GuestObjects {
  ref: GuestRef;
  guest: InventoryObject;
  snapshots: InventoryObject[];
}

export interface GuestFetchContext {
  api: ProxmoxApi;
  links: LinkResolver;
  notes: SyncNotes;
  concurrency: number;
  onlineNodes: ReadonlySet<string>;
  /** QEMU run states already known (from a node's `qemu?full=1` list); else they are asked per guest. */
  qmpStatus?: ReadonlyMap<string, string>;
}

/**
 * Guests' detail fetched with a concurrency limit and mapped, each with its snapshots.
 * Guests on offline nodes are mapped from their row alone (the node cannot answer).
 */
export async function guestObjects(
  context: GuestFetchContext,
  rows: readonly Record<string, unknown>[],
  signal: AbortSignal,
): Promise<GuestObjects[]> {
  const mapped = await mapConcurrent(
    rows,
    context.concurrency,
    async (row) => {
      const ref = guestRef(row);
      if (!ref) return undefined;
      const reachable = context.onlineNodes.has(ref.node);
      const running = readString(row.status) === 'running';
      const fetched = reachable
        ? await fetchGuestDetail(context.api, ref, running, context.notes, signal, { runState: !context.qmpStatus })
        : { detail: {} };
      const qmpStatus = context.qmpStatus?.get(ref.vmid);
      const guest = mapGuest(context.links, row, qmpStatus ? { ...fetched.detail, qmpStatus } : fetched.detail);
      if (!guest) return undefined;
      const snapshots =
        'snapshots' in fetched && fetched.snapshots !== undefined
          ? mapSnapshots(context.links.ids, ref.vmid, guest.id, fetched.snapshots)
          : [];
      return { ref, guest, snapshots };
    },
    signal,
  );
  return mapped.filter((entry): entry is GuestObjects => entry !== undefined);
}
