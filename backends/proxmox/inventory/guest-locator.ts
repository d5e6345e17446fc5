import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ProxmoxApi } from '../api/client';
import { readRows } from '../api/lenient';
import { guestRef, type GuestRef } from './map-guest';
import type { SyncState } from './sync-state';

export interface LocatedGuest {
  ref: GuestRef;
  /** Its /cluster/resources row (status, name …). */
  row: Record<string, unknown>;
}

/**
 * Which node a vmid lives on, and whether it is qemu or lxc. The last sync knows; a
 * fresh look (one /cluster/resources?type=vm call) is taken when the caller must act on
 * the current truth (a guest may have migrated since).
 */
export class GuestLocator {
  readonly #api: ProxmoxApi;
  readonly #state: () => SyncState | undefined;
  readonly #seen = new Map<string, LocatedGuest>();

  constructor(api: ProxmoxApi, state: () => SyncState | undefined) {
    this.#api = api;
    this.#state = state;
  }

  async locate(vmid: string, signal: AbortSignal, fresh = false): Promise<LocatedGuest> {
    if (!fresh) {
      const known = this.#seen.get(vmid) ?? this.#fromState(vmid);
      if (known) return known;
    }
    const rows = readRows(await this.#api.get('/cluster/resources', { type: 'vm' }, signal));
    for (const row of rows) {
      const ref = guestRef(row);
      if (ref) this.#seen.set(ref.vmid, { ref, row });
    }
    const found = this.#seen.get(vmid);
    if (!found || !rows.some((row) => guestRef(row)?.vmid === vmid)) {
      this.#seen.delete(vmid);
      throw new SkydeckFailure('not-found', `There is no VM or container ${vmid} on ${this.#api.host} (any more).`);
    }
    return found;
  }

  #fromState(vmid: string): LocatedGuest | undefined {
    const state = this.#state();
    const ref = state?.guests.get(vmid);
    const row = ref ? state?.rows.get(`${ref.type}/${vmid}`) : undefined;
    return ref && row ? { ref, row } : undefined;
  }
}
