import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryStore, type InventoryStoreOptions } from '../inventory-store';

/** A store in a fresh temporary folder; `dispose` closes it and removes the folder. */
export function openTempStore(options: InventoryStoreOptions = {}): {
  store: InventoryStore;
  path: string;
  reopen(): Promise<InventoryStore>;
  dispose(): Promise<void>;
} {
  const folder = mkdtempSync(join(tmpdir(), 'skydeck-inventory-'));
  const path = join(folder, 'inventory.sqlite');
  const handle = {
    store: InventoryStore.open(path, options),
    path,
    async reopen(): Promise<InventoryStore> {
      await handle.store.close();
      handle.store = InventoryStore.open(path, options);
      return handle.store;
    },
    async dispose(): Promise<void> {
      await handle.store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return handle;
}

/** A clock tests move by hand. */
export function manualClock(start = '2026-03-01T08:00:00.000Z'): { now: () => Date; advance(ms: number): void; set(iso: string): void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (iso) => {
      current = new Date(iso).getTime();
    },
  };
}
