import type { InventoryDelta, InventoryObject } from '../../common/model/inventory';
import { BatchChannel } from './batch-channel';
import { ChangeTracker, signatureOf, type Family } from './change-tracker';
import { mapCooperatively } from './cooperative';
import { isForbidden, serviceLabels } from './errors';
import { familySpecs, type FamilySpec } from './families';
import type { MappingContext, NativeBody } from './mapping/context';
import { Notes } from './notes';
import { linkedSignal } from './linked-signal';
import { listPages } from './pager';
import { collectReferenceData } from './reference-data';
import type { OpenstackSession } from './session';

/** What a finished sync leaves for the watch. */
export interface CloudView {
  context: MappingContext;
  tracker: ChangeTracker;
  /** Families listed across every project (admin), rather than the token's project. */
  allProjects: Set<Family>;
}

/** The long lists, streamed page by page after the short ones. */
const streamedFamilies: readonly Family[] = [
  'servers',
  'ports',
  'subnets',
  'routers',
  'floatingips',
  'securityGroups',
  'images',
  'volumes',
  'volumeSnapshots',
];

/**
 * One full inventory: the short lists first (they give the lookups), then every long list in
 * parallel, each page mapped and sent on as it arrives. Objects leave in batches of at most
 * 500. Nothing is committed unless every list was read: a failure ends the stream without commit.
 */
export class InventorySync {
  readonly #session: OpenstackSession;
  readonly #connectionId: string;
  readonly #notes: Notes;
  /** Set once the sync committed. */
  view: CloudView | undefined;

  constructor(session: OpenstackSession, connectionId: string) {
    this.#session = session;
    this.#connectionId = connectionId;
    this.#notes = new Notes(session.facts.notes);
  }

  async *run(outer: AbortSignal): AsyncGenerator<InventoryDelta> {
    const inner = linkedSignal(outer);
    const channel = new BatchChannel<InventoryObject>(500, 4);
    const view: CloudView = { context: undefined as unknown as MappingContext, tracker: new ChangeTracker(), allProjects: new Set() };
    const work = this.#collect(view, channel, inner.signal).then(
      () => channel.close(),
      (error: unknown) => channel.fail(error),
    );
    try {
      yield { op: 'begin', full: true };
      for await (const objects of channel) yield { op: 'upsert', objects };
      await work;
      outer.throwIfAborted();
      this.view = view;
      yield { op: 'commit', cursor: new Date().toISOString(), notes: this.#notes.list };
    } finally {
      inner.abort();
    }
  }

  get notes(): string[] {
    return this.#notes.list;
  }

  async #collect(view: CloudView, channel: BatchChannel<InventoryObject>, signal: AbortSignal): Promise<void> {
    const reference = await collectReferenceData(this.#session, this.#connectionId, this.#notes, signal);
    view.context = reference.context;
    for (const object of reference.objects) {
      if (object.nativeType === 'network')
        view.tracker.remember('networks', object.nativeId, object.id, signatureOf('networks', object.native));
    }
    await channel.push(reference.objects);
    if (this.#session.isAdmin)
      for (const family of streamedFamilies) if (familySpecs[family].allProjectsQuery) view.allProjects.add(family);
    await Promise.all(streamedFamilies.map((family) => this.#stream(familySpecs[family], view, channel, signal)));
  }

  async #stream(spec: FamilySpec, view: CloudView, channel: BatchChannel<InventoryObject>, signal: AbortSignal): Promise<void> {
    if (!this.#session.has(spec.service)) {
      this.#notes.add(
        `This cloud's catalog has no ${serviceLabels[spec.service]} (${spec.service}) endpoint: ${spec.label} are not listed.`,
      );
      return;
    }
    const everyProject = view.allProjects.has(spec.family);
    try {
      await this.#readFamily(spec, view, channel, everyProject, signal);
    } catch (error) {
      // An admin role that Nova or Cinder does not honour for all_tenants: fall back to the project.
      if (!everyProject || !isForbidden(error)) throw error;
      view.allProjects.delete(spec.family);
      this.#notes.add(`Only this project's ${spec.label} are listed: listing every project's was refused (${(error as Error).message}).`);
      await this.#readFamily(spec, view, channel, false, signal);
    }
  }

  async #readFamily(
    spec: FamilySpec,
    view: CloudView,
    channel: BatchChannel<InventoryObject>,
    everyProject: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    let first = true;
    for await (const page of listPages<NativeBody>(
      this.#session,
      {
        service: spec.service,
        path: spec.path,
        resourceKey: spec.resourceKey,
        ...(everyProject && spec.allProjectsQuery ? { query: spec.allProjectsQuery } : {}),
      },
      signal,
    )) {
      if (first && page.serverTime !== undefined) {
        if (spec.family === 'servers') view.tracker.serversSince = page.serverTime;
        if (spec.family === 'volumes') view.tracker.volumesSince = page.serverTime;
      }
      first = false;
      const objects = await mapCooperatively(
        page.items,
        (item) => {
          const object = spec.map(item, view.context);
          view.tracker.remember(spec.family, object.nativeId, object.id, signatureOf(spec.family, item));
          return object;
        },
        signal,
      );
      await channel.push(objects);
    }
  }
}
