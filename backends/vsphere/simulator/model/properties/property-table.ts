import { valueAt, type Value } from '../values';

/** The top-level properties of one managed object, each computed on demand. */
export type PropertyTable = Record<string, () => Value>;

/** Unknown properties are an error on a real vCenter (InvalidProperty); unset ones are simply absent. */
export class PropertyReader {
  readonly #table: PropertyTable;
  readonly #cache = new Map<string, Value>();

  constructor(table: PropertyTable) {
    this.#table = table;
  }

  has(path: string): boolean {
    return Object.hasOwn(this.#table, path.split('.')[0] as string);
  }

  /** The value at a property path ("config.hardware.device"); top-level values are computed once per reader. */
  read(path: string): Value {
    const [top, ...rest] = path.split('.') as [string, ...string[]];
    if (!this.#cache.has(top)) {
      const getter = this.#table[top];
      this.#cache.set(top, getter ? getter() : undefined);
    }
    return valueAt(this.#cache.get(top), rest);
  }

  /** Every top-level property name (for `all: true` property specs). */
  names(): string[] {
    return Object.keys(this.#table);
  }
}
