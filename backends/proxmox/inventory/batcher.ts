import type { InventoryDelta, InventoryObject } from '../../../common/model/inventory';

/** Gathers objects into upsert deltas of at most `size` objects. */
export class UpsertBatcher {
  readonly #size: number;
  #pending: InventoryObject[] = [];

  constructor(size: number) {
    this.#size = size;
  }

  /** The full batches the new objects complete. */
  add(...objects: InventoryObject[]): InventoryDelta[] {
    const ready: InventoryDelta[] = [];
    for (const object of objects) {
      this.#pending.push(object);
      if (this.#pending.length >= this.#size) ready.push(this.#take());
    }
    return ready;
  }

  /** The last, partial batch (if any). */
  flush(): InventoryDelta[] {
    return this.#pending.length > 0 ? [this.#take()] : [];
  }

  #take(): InventoryDelta {
    const objects = this.#pending;
    this.#pending = [];
    return { op: 'upsert', objects };
  }
}
