import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { InventoryDelta, InventoryObject, ObjectId } from '../../common/model/inventory';
import { sleep } from '../core/concurrency';
import { signatureOf, type Family } from './change-tracker';
import { mapCooperatively } from './cooperative';
import { familySpecs, neutronFamilies, type FamilySpec } from './families';
import type { CloudView } from './inventory-sync';
import { idOf, record, text, type NativeBody } from './mapping/context';
import { atLeast } from './microversions';
import { listAll, listPages } from './pager';
import type { QueryInput } from './query';
import { rememberNetwork, rememberRouterInterface } from './reference-data';
import type { OpenstackSession } from './session';

/** Changes found by one poll. */
export class ChangeSet {
  readonly upserts = new Map<ObjectId, InventoryObject>();
  readonly removes = new Set<ObjectId>();

  upsert(object: InventoryObject): void {
    this.removes.delete(object.id);
    this.upserts.set(object.id, object);
  }

  remove(id: ObjectId | undefined): void {
    if (!id) return;
    this.upserts.delete(id);
    this.removes.add(id);
  }

  get empty(): boolean {
    return this.upserts.size === 0 && this.removes.size === 0;
  }

  /** begin(false) · upsert ≤500 · remove · commit. */
  *deltas(): Generator<InventoryDelta> {
    yield { op: 'begin', full: false };
    const objects = [...this.upserts.values()];
    for (let start = 0; start < objects.length; start += 500) yield { op: 'upsert', objects: objects.slice(start, start + 500) };
    if (this.removes.size) yield { op: 'remove', ids: [...this.removes] };
    yield { op: 'commit', cursor: new Date().toISOString() };
  }
}

/** Nova and Cinder keep whole seconds; polls overlap by this much so nothing slips between them. */
const overlapMs = 2_000;
const isoSecond = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Servers re-read because their ports or floating IPs changed, at most this many per poll. */
const maxServerRefreshes = 50;

/**
 * Polls the cloud the cheap way and reports only what changed: Nova servers through
 * changes-since (deleted ones included), Neutron through id + revision_number lists, Cinder
 * volumes through updated_at, images and volume snapshots through a re-list.
 */
export class CloudWatcher {
  readonly #session: OpenstackSession;
  readonly #view: CloudView;
  #volumeFilterWorks = true;

  constructor(session: OpenstackSession, view: CloudView) {
    this.#session = session;
    this.#view = view;
  }

  async *watch(intervalMs: number, signal: AbortSignal): AsyncGenerator<InventoryDelta> {
    let failures = 0;
    for (;;) {
      await sleep(failures ? Math.min(intervalMs * 2 ** failures, 10 * intervalMs) : intervalMs, signal);
      let changes: ChangeSet;
      try {
        changes = await this.poll(signal);
        failures = 0;
      } catch (error) {
        if (!(error instanceof SkydeckFailure) || !error.retryable) throw error;
        failures += 1;
        continue;
      }
      if (!changes.empty) yield* changes.deltas();
    }
  }

  /** One round over every family. */
  async poll(signal: AbortSignal): Promise<ChangeSet> {
    const changes = new ChangeSet();
    const touchedServers = new Set<string>();
    const session = this.#session;
    const tasks: Promise<void>[] = [];
    if (session.has('compute')) tasks.push(this.#servers(changes, signal));
    if (session.has('network')) tasks.push(this.#neutron(changes, touchedServers, signal));
    if (session.has('block-storage'))
      tasks.push(this.#volumes(changes, signal), this.#relist(familySpecs.volumeSnapshots, changes, signal));
    if (session.has('image')) tasks.push(this.#relist(familySpecs.images, changes, signal));
    await Promise.all(tasks);
    await this.#refreshServers(touchedServers, changes, signal);
    return changes;
  }

  #query(spec: FamilySpec, extra: QueryInput = {}): QueryInput {
    return { ...(this.#view.allProjects.has(spec.family) ? spec.allProjectsQuery : {}), ...extra };
  }

  #accept(spec: FamilySpec, body: NativeBody, changes: ChangeSet): void {
    const tracker = this.#view.tracker;
    const signature = signatureOf(spec.family, body);
    const nativeId = String(body.id);
    if (!tracker.differs(spec.family, nativeId, signature)) return;
    const object = spec.map(body, this.#view.context);
    tracker.remember(spec.family, nativeId, object.id, signature);
    changes.upsert(object);
  }

  async #servers(changes: ChangeSet, signal: AbortSignal): Promise<void> {
    const spec = familySpecs.servers;
    const tracker = this.#view.tracker;
    const since = (tracker.serversSince ?? Date.now()) - overlapMs;
    let first = true;
    for await (const page of listPages<NativeBody>(
      this.#session,
      {
        service: 'compute',
        path: spec.path,
        resourceKey: spec.resourceKey,
        query: this.#query(spec, { 'changes-since': isoSecond(since) }),
      },
      signal,
    )) {
      if (first && page.serverTime !== undefined) tracker.serversSince = page.serverTime;
      first = false;
      for (const server of page.items) {
        if (server.status === 'DELETED' || server['OS-EXT-STS:vm_state'] === 'deleted')
          changes.remove(tracker.forget('servers', String(server.id)));
        else this.#accept(spec, server, changes);
      }
    }
  }

  async #neutron(changes: ChangeSet, touchedServers: Set<string>, signal: AbortSignal): Promise<void> {
    const context = this.#view.context;
    const tracker = this.#view.tracker;
    const changed = new Map<Family, NativeBody[]>(
      await Promise.all(neutronFamilies.map(async (family) => [family, await this.#revisionDiff(family, changes, signal)] as const)),
    );
    // The lookups first (network names, router interfaces), then the objects that use them.
    const routersToRedraw = new Set<string>();
    for (const network of changed.get('networks') ?? []) rememberNetwork(context, network);
    for (const port of changed.get('ports') ?? []) {
      const routerId = rememberRouterInterface(context, port);
      if (routerId) routersToRedraw.add(routerId);
      if (text(port.device_owner)?.startsWith('compute:') && text(port.device_id)) touchedServers.add(port.device_id as string);
    }
    for (const [routerId, interfaces] of context.routerInterfaces) {
      const kept = interfaces.filter((entry) => !changes.removes.has(idOf(context, 'network', entry.portId)));
      if (kept.length !== interfaces.length) {
        context.routerInterfaces.set(routerId, kept);
        routersToRedraw.add(routerId);
      }
    }
    for (const floating of changed.get('floatingips') ?? []) {
      const device = text(record(floating.port_details).device_id);
      if (device) touchedServers.add(device);
    }
    for (const family of neutronFamilies) for (const body of changed.get(family) ?? []) this.#accept(familySpecs[family], body, changes);
    const stale = [...routersToRedraw].filter((id) => tracker.knows('routers', id) && !changes.upserts.has(idOf(context, 'network', id)));
    for (const router of await this.#byIds('routers', stale, signal)) {
      const object = familySpecs.routers.map(router, context);
      tracker.remember('routers', object.nativeId, object.id, signatureOf('routers', router));
      changes.upsert(object);
    }
  }

  /** Neutron objects whose revision moved, fetched whole; the ones gone are removed. */
  async #revisionDiff(family: Family, changes: ChangeSet, signal: AbortSignal): Promise<NativeBody[]> {
    const spec = familySpecs[family];
    const tracker = this.#view.tracker;
    const revisions = await listAll<NativeBody>(
      this.#session,
      {
        service: 'network',
        path: spec.path,
        resourceKey: spec.resourceKey,
        query: { fields: ['id', 'revision_number'] },
        pageSize: this.#session.tuning.pageSize * 5,
      },
      signal,
    );
    const present = new Set<string>();
    const moved: string[] = [];
    for (const entry of revisions) {
      const id = String(entry.id);
      present.add(id);
      if (tracker.differs(family, id, signatureOf(family, entry))) moved.push(id);
    }
    for (const id of tracker.nativeIds(family)) if (!present.has(id)) changes.remove(tracker.forget(family, id));
    return this.#byIds(family, moved, signal);
  }

  /** Whole objects by id, a few dozen per request (`?id=a&id=b`). */
  async #byIds(family: Family, ids: readonly string[], signal: AbortSignal): Promise<NativeBody[]> {
    const spec = familySpecs[family];
    const found: NativeBody[] = [];
    for (let start = 0; start < ids.length; start += 40) {
      const chunk = ids.slice(start, start + 40);
      found.push(
        ...(await listAll<NativeBody>(
          this.#session,
          { service: 'network', path: spec.path, resourceKey: spec.resourceKey, query: { id: chunk } },
          signal,
        )),
      );
    }
    return found;
  }

  async #volumes(changes: ChangeSet, signal: AbortSignal): Promise<void> {
    const spec = familySpecs.volumes;
    const tracker = this.#view.tracker;
    if (!this.#volumeFilterWorks || !atLeast(this.#session.microversion('block-storage'), 3, 60)) {
      await this.#relist(spec, changes, signal);
      return;
    }
    const since = (tracker.volumesSince ?? Date.now()) - overlapMs;
    try {
      let first = true;
      for await (const page of listPages<NativeBody>(
        this.#session,
        {
          service: 'block-storage',
          path: spec.path,
          resourceKey: spec.resourceKey,
          query: this.#query(spec, { updated_at: `gte:${isoSecond(since)}` }),
        },
        signal,
      )) {
        if (first && page.serverTime !== undefined) tracker.volumesSince = page.serverTime;
        first = false;
        for (const volume of page.items) this.#accept(spec, volume, changes);
      }
    } catch (error) {
      // Clouds whose resource_filters.json lacks updated_at refuse the filter: re-list instead.
      if (!(error instanceof SkydeckFailure) || error.code !== 'invalid-input') throw error;
      this.#volumeFilterWorks = false;
      await this.#relist(spec, changes, signal);
      return;
    }
    const present = new Set(
      (
        await listAll<NativeBody>(
          this.#session,
          { service: 'block-storage', path: '/volumes', resourceKey: 'volumes', query: this.#query(spec) },
          signal,
        )
      ).map((volume) => String(volume.id)),
    );
    for (const id of tracker.nativeIds('volumes')) if (!present.has(id)) changes.remove(tracker.forget('volumes', id));
  }

  /** A whole list read again and compared object by object. */
  async #relist(spec: FamilySpec, changes: ChangeSet, signal: AbortSignal): Promise<void> {
    const tracker = this.#view.tracker;
    const present = new Set<string>();
    for await (const page of listPages<NativeBody>(
      this.#session,
      { service: spec.service, path: spec.path, resourceKey: spec.resourceKey, query: this.#query(spec) },
      signal,
    )) {
      await mapCooperatively(
        page.items,
        (body) => {
          present.add(String(body.id));
          this.#accept(spec, body, changes);
        },
        signal,
      );
    }
    for (const id of tracker.nativeIds(spec.family)) if (!present.has(id)) changes.remove(tracker.forget(spec.family, id));
  }

  /** Servers whose addresses moved with a port or floating IP change (Nova's updated time does not). */
  async #refreshServers(ids: Set<string>, changes: ChangeSet, signal: AbortSignal): Promise<void> {
    const spec = familySpecs.servers;
    const pending = [...ids]
      .filter((id) => this.#view.tracker.knows('servers', id) && !changes.upserts.has(idOf(this.#view.context, 'vm', id)))
      .slice(0, maxServerRefreshes);
    await Promise.all(
      pending.map(async (id) => {
        const answer = await this.#session.call<{ server?: NativeBody }>('compute', { path: `/servers/${id}`, accept: [404], signal });
        if (answer.status === 404 || !answer.body?.server) return;
        const object = spec.map(answer.body.server, this.#view.context);
        this.#view.tracker.remember('servers', id, object.id, signatureOf('servers', answer.body.server));
        changes.upsert(object);
      }),
    );
  }
}
