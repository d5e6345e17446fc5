import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { InventoryDelta, InventoryObject, ObjectId } from '../../../common/model/inventory';
import { sleep } from '../../core/concurrency';
import {
  decodeObjectUpdate,
  filterSpecXml,
  inventoryView,
  retrieveObjects,
  viewObjectSetXml,
  type ObjectContent,
  type ObjectUpdate,
} from '../property-collector';
import { element, leaf } from '../soap/envelope';
import { vimFaultOf } from '../soap/fault';
import type { VimSession } from '../session';
import { child, moRefKey, moRefOf, textAt, type MoRef, type XmlNode } from '../soap/xml-node';
import { fullSync, UpsertBatcher } from './full-sync';
import type { MapContext } from './map-context';
import { mapObject } from './map-object';
import { allSets } from './property-sets';
import { SkeletonIndex } from './skeleton-index';

export interface WatchOptions {
  /** How long one WaitForUpdatesEx may block on the server. */
  maxWaitSeconds?: number;
  /** Cap on objects per update set (the server truncates and we ask again). */
  maxObjectUpdates?: number;
  /** Attempts for one wait when the network hiccups, before the watch gives up. */
  retries?: number;
}

const retryableCodes = new Set(['unreachable', 'timeout', 'server-error', 'bad-response']);

/**
 * Changes after a sync, from a PropertyCollector filter over the inventory view and a
 * WaitForUpdatesEx loop on its version. Entered objects map from their update; modified
 * ones are read again whole (one RetrievePropertiesEx per update set); left ones are
 * removed with every model object they stood for. When the version goes stale or the
 * session was lost, the watch starts over with a full resync (begin(full) … commit).
 */
export async function* watchInventory(
  session: VimSession,
  connectionId: string,
  signal: AbortSignal,
  options: WatchOptions = {},
): AsyncGenerator<InventoryDelta> {
  let resync = false;
  let restarts = 0;
  for (;;) {
    const epoch = session.epoch;
    const watcher = new ViewWatcher(session, connectionId, options);
    try {
      await watcher.start(signal);
      if (resync) yield* fullSync(session, connectionId, signal);
      resync = false;
      restarts = 0;
      for (;;) yield* watcher.next(signal);
    } catch (error) {
      if (signal.aborted || restarts >= 3) throw error;
      if (vimFaultOf(error) !== 'InvalidCollectorVersion' && !(await session.recover(error, epoch, signal))) throw error;
      resync = true;
      restarts += 1;
    } finally {
      await watcher.dispose();
    }
  }
}

class ViewWatcher {
  readonly #session: VimSession;
  readonly #options: Required<Omit<WatchOptions, 'maxObjectUpdates'>> & Pick<WatchOptions, 'maxObjectUpdates'>;
  readonly #context: MapContext;
  /** Model ids each managed object stood for when last mapped: what a leave or a change removes. */
  readonly #idsByObject = new Map<string, ObjectId[]>();
  #collector: MoRef | undefined;
  #version = '';
  #truncated = false;

  constructor(session: VimSession, connectionId: string, options: WatchOptions) {
    this.#session = session;
    this.#options = {
      maxWaitSeconds: options.maxWaitSeconds ?? 30,
      retries: options.retries ?? 3,
      maxObjectUpdates: options.maxObjectUpdates,
    };
    this.#context = { connectionId, index: new SkeletonIndex() };
  }

  /** Creates the collector and filter, then reads the initial state to learn the version. */
  async start(signal: AbortSignal): Promise<void> {
    const session = this.#session;
    const created = await session.callOnce({ method: 'CreatePropertyCollector', target: session.content.propertyCollector }, signal);
    this.#collector = moRefOf(child(created, 'returnval'));
    if (!this.#collector)
      throw new SkydeckFailure('bad-response', `${session.host}: CreatePropertyCollector returned nothing.`, { retryable: true });
    const view = await inventoryView(session, signal);
    await session.callOnce(
      {
        method: 'CreateFilter',
        target: this.#collector,
        args: filterSpecXml('spec', allSets, viewObjectSetXml(view)) + leaf('partialUpdates', false),
      },
      signal,
    );
    do await this.#wait(0, signal, (update) => this.#remember(update));
    while (this.#truncated);
  }

  /** Waits for the next update set and turns it into one partial delta group (or nothing). */
  async *next(signal: AbortSignal): AsyncGenerator<InventoryDelta> {
    const updates = await this.#waitWithRetries(signal);
    if (updates.length === 0) return;
    const { upserts, removes } = await this.#apply(updates, signal);
    if (upserts.length === 0 && removes.length === 0) return;
    yield { op: 'begin', full: false };
    const batcher = new UpsertBatcher();
    yield* batcher.add(upserts);
    const rest = batcher.flush();
    if (rest) yield rest;
    if (removes.length > 0) yield { op: 'remove', ids: removes };
    yield { op: 'commit' };
  }

  async dispose(): Promise<void> {
    if (!this.#collector) return;
    const collector = this.#collector;
    this.#collector = undefined;
    try {
      await this.#session.callOnce({ method: 'DestroyPropertyCollector', target: collector }, AbortSignal.timeout(5_000));
    } catch {
      // Gone with its session, or the server is unreachable: nothing left to clean up.
    }
  }

  /** Baseline: index the skeleton and note which model ids every object maps to. */
  #remember(update: ObjectUpdate): void {
    const content = contentOf(update);
    this.#context.index.put(content);
    this.#idsByObject.set(
      moRefKey(update.ref),
      mapObject(this.#context, content).map((o) => o.id),
    );
  }

  async #apply(updates: readonly ObjectUpdate[], signal: AbortSignal): Promise<{ upserts: InventoryObject[]; removes: ObjectId[] }> {
    const removes: ObjectId[] = [];
    const entered = new Map<string, ObjectContent>();
    const changed = new Map<string, MoRef>();
    for (const update of updates) {
      const key = moRefKey(update.ref);
      if (update.kind === 'leave') {
        removes.push(...(this.#idsByObject.get(key) ?? []));
        this.#idsByObject.delete(key);
        this.#context.index.delete(update.ref);
        entered.delete(key);
        changed.delete(key);
      } else if (update.kind === 'enter' && !changed.has(key)) {
        entered.set(key, contentOf(update));
      } else {
        // Changed (or entered, then changed in the same set): read it whole once.
        entered.delete(key);
        changed.set(key, update.ref);
      }
    }
    const contents = [...entered.values(), ...(await this.#reread([...changed.values()], signal))];
    for (const content of contents) this.#context.index.put(content);
    const upserts: InventoryObject[] = [];
    for (const content of contents) {
      const objects = mapObject(this.#context, content);
      const key = moRefKey(content.ref);
      const ids = objects.map((o) => o.id);
      removes.push(...(this.#idsByObject.get(key) ?? []).filter((id) => !ids.includes(id)));
      this.#idsByObject.set(key, ids);
      upserts.push(...objects);
    }
    return { upserts, removes };
  }

  /** Reads changed objects whole; one that vanished meanwhile is skipped (its leave follows). */
  async #reread(refs: readonly MoRef[], signal: AbortSignal): Promise<ObjectContent[]> {
    try {
      return await retrieveObjects(this.#session, refs, allSets, signal);
    } catch (error) {
      if (vimFaultOf(error) !== 'ManagedObjectNotFound' || refs.length === 1) {
        if (vimFaultOf(error) === 'ManagedObjectNotFound') return [];
        throw error;
      }
      const contents: ObjectContent[] = [];
      for (const one of refs) contents.push(...(await this.#reread([one], signal)));
      return contents;
    }
  }

  async #waitWithRetries(signal: AbortSignal): Promise<ObjectUpdate[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const updates: ObjectUpdate[] = [];
        await this.#wait(this.#truncated ? 0 : this.#options.maxWaitSeconds, signal, (update) => updates.push(update));
        return updates;
      } catch (error) {
        const code = error instanceof SkydeckFailure ? error.code : undefined;
        if (signal.aborted || attempt >= this.#options.retries || !code || !retryableCodes.has(code)) throw error;
        await sleep(1000 * 2 ** (attempt - 1), signal);
      }
    }
  }

  /** One WaitForUpdatesEx, its updates handed to `onUpdate` as they are parsed (the first set can be huge). */
  async #wait(maxWaitSeconds: number, signal: AbortSignal, onUpdate: (update: ObjectUpdate) => void): Promise<void> {
    const session = this.#session;
    const where = `${session.host} (WaitForUpdatesEx)`;
    const options = element('options', leaf('maxWaitSeconds', maxWaitSeconds) + leaf('maxObjectUpdates', this.#options.maxObjectUpdates));
    const reader = session.stream(
      {
        method: 'WaitForUpdatesEx',
        target: this.#collector as MoRef,
        args: leaf('version', this.#version) + options,
        timeoutMs: (maxWaitSeconds + 60) * 1000,
      },
      ['returnval', 'filterSet', 'objectSet'],
      signal,
    );
    let next = await reader.next();
    while (!next.done) {
      onUpdate(decodeObjectUpdate(next.value, where));
      next = await reader.next();
    }
    const set = child(next.value, 'returnval');
    this.#truncated = textAt(set, 'truncated') === 'true';
    if (set) this.#version = textAt(set, 'version') ?? this.#version;
  }
}

function contentOf(update: ObjectUpdate): ObjectContent {
  const props = new Map<string, XmlNode>();
  for (const [name, value] of update.changes) if (value) props.set(name, value);
  return { ref: update.ref, props };
}
