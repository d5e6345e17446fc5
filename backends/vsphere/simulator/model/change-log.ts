import type { MoRef } from '../../soap/xml-node';

export type ChangeKind = 'enter' | 'modify' | 'leave';

export interface Change {
  version: number;
  ref: MoRef;
  kind: ChangeKind;
  /** Property paths that changed (modify only). */
  paths: readonly string[];
}

/**
 * Every change to the inventory, numbered. Property collectors read it from a version on;
 * versions older than what the log still holds are stale (InvalidCollectorVersion).
 */
export class ChangeLog {
  readonly #retain: number;
  #entries: Change[] = [];
  #version = 0;
  /** The oldest version from which the log can still answer. */
  #floor = 0;
  #waiters = new Set<() => void>();

  constructor(retain = 20_000) {
    this.#retain = retain;
  }

  get version(): number {
    return this.#version;
  }

  record(ref: MoRef, kind: ChangeKind, paths: readonly string[] = []): void {
    this.#version += 1;
    this.#entries.push({ version: this.#version, ref, kind, paths });
    if (this.#entries.length > this.#retain) {
      const dropped = this.#entries.splice(0, this.#entries.length - this.#retain);
      this.#floor = dropped[dropped.length - 1]?.version ?? this.#floor;
    }
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /** Changes after `version`, or undefined when the log no longer reaches back that far. */
  since(version: number): Change[] | undefined {
    if (version < this.#floor) return undefined;
    return this.#entries.filter((entry) => entry.version > version);
  }

  /** Makes every version up to now stale (a test knob: "the server forgot your version"). */
  forget(): void {
    this.#entries = [];
    this.#version += 1;
    this.#floor = this.#version;
  }

  /** Resolves at the next change, after `ms`, or when the signal aborts. */
  nextChange(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }
}
