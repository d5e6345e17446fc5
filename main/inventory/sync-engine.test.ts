import { afterEach, describe, expect, it } from 'vitest';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { InventoryDelta, InventoryObject } from '../../common/model/inventory';
import { SyncEngine } from './sync-engine';
import { buildLab, deltaGroup, failingDeltaGroup, makeObject, syncTarget } from './testing/inventory-factory';
import { manualClock, openTempStore } from './testing/temp-store';

const lab = (overrides: Partial<Parameters<typeof buildLab>[0]> = {}): InventoryObject[] =>
  buildLab({
    connectionId: 'lab',
    platform: 'vsphere',
    clusters: 2,
    hostsPerCluster: 3,
    vmsPerHost: 5,
    datastores: 3,
    networks: 2,
    snapshotShare: 0.2,
    ...overrides,
  });

const countByKind = (objects: readonly InventoryObject[]): Record<string, number> =>
  objects.reduce<Record<string, number>>((counts, object) => ({ ...counts, [object.kind]: (counts[object.kind] ?? 0) + 1 }), {});

const storedCounts = (handle: ReturnType<typeof openTempStore>, connectionId = 'lab'): Record<string, number> =>
  Object.fromEntries(handle.store.counts(connectionId).map((row) => [row.kind, row.count]));

/** A delta stream the test releases step by step, to look at the store mid-sync. */
function gatedStream(deltas: InventoryDelta[]): { stream: AsyncIterable<InventoryDelta>; release(): void; reached: Promise<void> } {
  let release!: () => void;
  let reachedGate!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (reachedGate = resolve));
  async function* stream(): AsyncGenerator<InventoryDelta> {
    for (const delta of deltas) {
      if (delta.op === 'commit') {
        reachedGate();
        await gate;
      }
      yield delta;
    }
  }
  return { stream: stream(), release, reached };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('SyncEngine', () => {
  let handle: ReturnType<typeof openTempStore>;
  afterEach(() => handle.dispose());

  it('stores a full sync with every kind counted and records an ok run', async () => {
    handle = openTempStore();
    const objects = lab();
    const run = await new SyncEngine(handle.store, { batchSize: 7 }).sync(
      syncTarget('lab'),
      deltaGroup(objects, { cursor: 'v1' }),
      new AbortController().signal,
    );
    expect(run).toMatchObject({
      outcome: 'ok',
      full: true,
      cursor: 'v1',
      counts: { added: objects.length, removed: 0, changed: 0, unchanged: 0, total: objects.length },
    });
    expect(storedCounts(handle)).toEqual(countByKind(objects));
    const vm = objects.find((object) => object.kind === 'vm') as InventoryObject;
    expect(handle.store.object(vm.id)?.object).toEqual(vm);
  });

  it('writes nothing new when a re-sync brings the same objects', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store);
    const objects = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
    const again = await engine.sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
    expect(again.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: objects.length, total: objects.length });
    expect(handle.store.diff({ connectionId: 'lab' }).rows).toEqual([]);
  });

  it('removes on a full sync what the sync did not name, and records the change', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store);
    const objects = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
    const gone = objects.filter((object) => object.kind === 'snapshot');
    const run = await engine.sync(
      syncTarget('lab'),
      deltaGroup(objects.filter((object) => object.kind !== 'snapshot')),
      new AbortController().signal,
    );
    expect(run.counts.removed).toBe(gone.length);
    expect(storedCounts(handle).snapshot).toBeUndefined();
    expect(handle.store.object(gone[0]?.id ?? '')).toBeUndefined();
  });

  it('applies partial (watch) groups without deleting what they did not name', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store);
    const objects = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
    const [first, second] = objects.filter((object) => object.kind === 'vm') as [InventoryObject, InventoryObject];
    const runs: number[] = [];
    const watch = async function* (): AsyncGenerator<InventoryDelta> {
      yield { op: 'begin', full: false };
      yield { op: 'upsert', objects: [{ ...first, state: 'stopped' }] };
      yield { op: 'commit' };
      yield { op: 'begin', full: false };
      yield { op: 'remove', ids: [second.id] };
      yield { op: 'commit' };
      yield { op: 'begin', full: false };
      yield { op: 'upsert', objects: [first] };
      yield { op: 'remove', ids: ['lab/vm/never-existed'] };
      yield { op: 'commit' };
    };
    await engine.watch(syncTarget('lab'), watch(), new AbortController().signal, (run) =>
      runs.push(run.counts.changed * 10 + run.counts.removed),
    );
    expect(runs).toEqual([10, 1, 10]);
    expect(storedCounts(handle).vm).toBe((countByKind(objects).vm ?? 0) - 1);
    expect(handle.store.object(first.id)?.object.state).toBe('running');
  });

  it('shows nothing of a sync before its commit, then all of it at once', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store, { batchSize: 5 });
    const before = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(before), new AbortController().signal);
    const after = lab({ seed: 2, vmsPerHost: 8 });
    const gated = gatedStream(await collect(deltaGroup(after)));
    const running = engine.sync(syncTarget('lab'), gated.stream, new AbortController().signal);
    await gated.reached;
    expect(storedCounts(handle)).toEqual(countByKind(before));
    expect(handle.store.connections()[0]?.level).toBe('syncing');
    gated.release();
    await running;
    expect(storedCounts(handle)).toEqual(countByKind(after));
  });

  it('keeps the previous inventory whole when the provider fails mid-sync', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store, { batchSize: 4 });
    const before = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(before), new AbortController().signal);
    const failure = new SkydeckFailure('unreachable', 'vc1.lab:443 stopped answering.');
    const run = await engine.sync(
      syncTarget('lab'),
      failingDeltaGroup(lab({ seed: 9, vmsPerHost: 9 }), 1, failure),
      new AbortController().signal,
    );
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'unreachable', message: 'vc1.lab:443 stopped answering.' } });
    expect(storedCounts(handle)).toEqual(countByKind(before));
    for (const object of before.slice(0, 20)) expect(handle.store.object(object.id)?.object).toEqual(object);
    expect(handle.store.connections()[0]).toMatchObject({ level: 'stale', lastError: { code: 'unreachable' } });
    const next = await engine.sync(syncTarget('lab'), deltaGroup(before), new AbortController().signal);
    expect(next.counts).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: before.length });
  });

  it('records a cancelled run and keeps the previous inventory when aborted mid-sync', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store, { batchSize: 3 });
    const before = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(before), new AbortController().signal);
    const controller = new AbortController();
    async function* stalls(): AsyncGenerator<InventoryDelta> {
      yield { op: 'begin', full: true };
      yield { op: 'upsert', objects: lab({ seed: 5 }).slice(0, 10) };
      controller.abort();
      await new Promise(() => undefined);
    }
    const run = await engine.sync(syncTarget('lab'), stalls(), controller.signal);
    expect(run.outcome).toBe('cancelled');
    expect(storedCounts(handle)).toEqual(countByKind(before));
  });

  it('refuses a second sync of a connection while one is running', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store);
    const gated = gatedStream(await collect(deltaGroup(lab())));
    const first = engine.sync(syncTarget('lab'), gated.stream, new AbortController().signal);
    await gated.reached;
    await expect(engine.sync(syncTarget('lab'), deltaGroup(lab()), new AbortController().signal)).rejects.toMatchObject({
      code: 'conflict',
    });
    gated.release();
    expect((await first).outcome).toBe('ok');
  });

  it('records a failed run when the provider fails before sending anything', async () => {
    const clock = manualClock();
    handle = openTempStore({ now: clock.now });
    async function* refused(): AsyncGenerator<InventoryDelta> {
      yield* [];
      throw new SkydeckFailure('auth-failed', 'Wrong user or password for administrator@vsphere.local on vc1.lab.');
    }
    const run = await new SyncEngine(handle.store).sync(syncTarget('lab'), refused(), new AbortController().signal);
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'auth-failed' } });
    expect(handle.store.connections()[0]).toMatchObject({ level: 'never-synced', lastError: { code: 'auth-failed' }, objectCount: 0 });
  });

  it('rejects a stream that breaks the delta protocol without touching the inventory', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store);
    const objects = lab();
    await engine.sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
    async function* unfinished(): AsyncGenerator<InventoryDelta> {
      yield { op: 'begin', full: true };
      yield { op: 'upsert', objects: [makeObject('lab', 'vm', 'lonely')] };
    }
    const run = await engine.sync(syncTarget('lab'), unfinished(), new AbortController().signal);
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'bad-response' } });
    expect(storedCounts(handle)).toEqual(countByKind(objects));
  });

  it('tells fresh from stale by the time of the last successful sync', async () => {
    const clock = manualClock();
    handle = openTempStore({ now: clock.now, staleAfterMs: 60_000 });
    await new SyncEngine(handle.store).sync(
      syncTarget('lab', 'proxmox', 'Lab PVE'),
      deltaGroup(lab({ platform: 'proxmox' })),
      new AbortController().signal,
    );
    expect(handle.store.connections()[0]).toMatchObject({
      name: 'Lab PVE',
      platform: 'proxmox',
      level: 'fresh',
      lastSyncAt: '2026-03-01T08:00:00.000Z',
    });
    clock.advance(61_000);
    expect(handle.store.connections()[0]?.level).toBe('stale');
  });

  it('keeps the last of several upserts of one object in a group, and a remove then re-add as a change', async () => {
    handle = openTempStore();
    const engine = new SyncEngine(handle.store);
    const vm = makeObject('lab', 'vm', '1', { facts: { cpuCount: 2 } });
    await engine.sync(syncTarget('lab'), deltaGroup([vm]), new AbortController().signal);
    async function* churn(): AsyncGenerator<InventoryDelta> {
      yield { op: 'begin', full: true };
      yield { op: 'upsert', objects: [{ ...vm, facts: { cpuCount: 4 } }] };
      yield { op: 'remove', ids: [vm.id] };
      yield { op: 'upsert', objects: [{ ...vm, facts: { cpuCount: 8 } }] };
      yield { op: 'upsert', objects: [{ ...vm, facts: { cpuCount: 8 } }] };
      yield { op: 'commit' };
    }
    const run = await engine.sync(syncTarget('lab'), churn(), new AbortController().signal);
    expect(run.counts).toMatchObject({ added: 0, removed: 0, changed: 1, total: 1 });
    expect(handle.store.objectHistory(vm.id)[0]?.fields).toEqual([
      { field: 'facts.cpuCount', category: 'resized', oldValue: 2, newValue: 8 },
    ]);
  });

  it('refuses objects of another connection in a sync', async () => {
    handle = openTempStore();
    const run = await new SyncEngine(handle.store).sync(
      syncTarget('lab'),
      deltaGroup([makeObject('other', 'vm', '1')]),
      new AbortController().signal,
    );
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'bad-response' } });
  });
});
