import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InventoryObject } from '../../common/model/inventory';
import type { SyncRun } from './model';
import { SyncEngine } from './sync-engine';
import { deltaGroup, makeObject, syncTarget } from './testing/inventory-factory';
import { manualClock, openTempStore } from './testing/temp-store';

const gib = 1024 ** 3;
const host = (id: string): InventoryObject => makeObject('lab', 'host', id, { name: `esx-${id}`, state: 'online' });
const vm = (id: string, overrides: Partial<InventoryObject> = {}, onHost = 'h1'): InventoryObject =>
  makeObject('lab', 'vm', id, {
    name: `vm-${id}`,
    parentId: `lab/host/${onHost}`,
    relations: [{ type: 'runs-on', to: `lab/host/${onHost}` }],
    facts: { cpuCount: 2, memoryBytes: 4 * gib, uptimeSeconds: 100 },
    ...overrides,
  });

describe('diff between syncs', () => {
  const clock = manualClock('2026-03-01T08:00:00.000Z');
  let handle: ReturnType<typeof openTempStore>;
  let engine: SyncEngine;
  const sync = async (objects: InventoryObject[]): Promise<SyncRun> => {
    clock.advance(60 * 60 * 1000);
    return engine.sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
  };

  beforeEach(() => {
    clock.set('2026-03-01T08:00:00.000Z');
    handle = openTempStore({ now: clock.now });
    engine = new SyncEngine(handle.store);
  });
  afterEach(() => handle.dispose());

  it('names each kind of change: added, removed, powered off, moved, resized, renamed', async () => {
    const base = [host('h1'), host('h2'), vm('stays'), vm('off'), vm('moves'), vm('grows'), vm('renamed'), vm('goes')];
    await sync(base);
    await sync([
      host('h1'),
      host('h2'),
      vm('stays', { facts: { cpuCount: 2, memoryBytes: 4 * gib, uptimeSeconds: 99_999 } }),
      vm('off', { state: 'stopped' }),
      vm('moves', {}, 'h2'),
      vm('grows', { facts: { cpuCount: 4, memoryBytes: 8 * gib, uptimeSeconds: 100 } }),
      vm('renamed', { name: 'vm-renamed-new' }),
      vm('new'),
    ]);
    const diff = handle.store.diff({ connectionId: 'lab' });
    expect(diff.totals).toEqual({ added: 1, removed: 1, changed: 4 });
    expect(
      diff.rows.map((row) => ({
        change: row.change,
        name: row.name,
        fields: row.fields.map((f) => `${f.category}:${f.field}:${JSON.stringify(f.oldValue)}→${JSON.stringify(f.newValue)}`),
      })),
    ).toEqual([
      { change: 'added', name: 'vm-new', fields: [] },
      { change: 'removed', name: 'vm-goes', fields: [] },
      { change: 'changed', name: 'vm-grows', fields: ['resized:facts.cpuCount:2→4', `resized:facts.memoryBytes:${4 * gib}→${8 * gib}`] },
      {
        change: 'changed',
        name: 'vm-moves',
        fields: ['moved:parentId:"lab/host/h1"→"lab/host/h2"', 'moved:relations.runs-on:["lab/host/h1"]→["lab/host/h2"]'],
      },
      { change: 'changed', name: 'vm-off', fields: ['power:state:"running"→"stopped"'] },
      { change: 'changed', name: 'vm-renamed-new', fields: ['renamed:name:"vm-renamed"→"vm-renamed-new"'] },
    ]);
  });

  it('nets out changes across several syncs: added then removed, and changed then changed back, are nothing', async () => {
    const first = await sync([host('h1'), vm('a'), vm('b')]);
    await sync([host('h1'), vm('a', { state: 'stopped' }), vm('b'), vm('temp')]);
    await sync([host('h1'), vm('a', { state: 'suspended', facts: { cpuCount: 8, memoryBytes: 4 * gib } }), vm('b')]);
    const last = await sync([host('h1'), vm('a', { facts: { cpuCount: 8, memoryBytes: 4 * gib } }), vm('b', { name: 'bee' })]);
    const diff = handle.store.diff({ connectionId: 'lab', fromSyncId: first.id, toSyncId: last.id });
    expect(diff.rows.map((row) => [row.change, row.name, row.fields.map((f) => [f.field, f.oldValue, f.newValue])])).toEqual([
      ['changed', 'bee', [['name', 'vm-b', 'bee']]],
      ['changed', 'vm-a', [['facts.cpuCount', 2, 8]]],
    ]);
    expect(diff.from?.id).toBe(first.id);
    expect(diff.to?.id).toBe(last.id);
  });

  it('compares with the last sync finished by a given time', async () => {
    await sync([host('h1'), vm('a')]);
    const morning = clock.now().toISOString();
    await sync([host('h1'), vm('a'), vm('b')]);
    await sync([host('h1'), vm('a'), vm('b'), vm('c')]);
    const since = handle.store.diff({ connectionId: 'lab', since: morning });
    expect(since.rows.map((row) => row.name)).toEqual(['vm-b', 'vm-c']);
    const sinceTheStart = handle.store.diff({ connectionId: 'lab', since: '2020-01-01T00:00:00Z' });
    expect(sinceTheStart.from).toBeUndefined();
    expect(sinceTheStart.totals.added).toBe(4);
  });

  it('compares the latest sync with the one before by default, and ignores failed syncs', async () => {
    await sync([host('h1'), vm('a')]);
    await engine.sync(
      syncTarget('lab'),
      (async function* () {
        yield { op: 'begin', full: true } as const;
        yield { op: 'upsert', objects: [vm('ghost')] } as const;
        throw new Error('connection reset');
      })(),
      new AbortController().signal,
    );
    await sync([host('h1'), vm('a'), vm('b')]);
    expect(handle.store.diff({ connectionId: 'lab' }).rows.map((row) => row.name)).toEqual(['vm-b']);
  });

  it("records each object's history across syncs, newest first", async () => {
    await sync([host('h1'), vm('a')]);
    await sync([host('h1'), vm('a', { state: 'stopped' })]);
    await sync([host('h1'), vm('a', { state: 'stopped' })]);
    await sync([host('h1'), vm('a', { state: 'running', name: 'alpha' })]);
    const history = handle.store.objectHistory('lab/vm/a');
    expect(history.map((entry) => [entry.change, entry.fields.map((f) => f.field)])).toEqual([
      ['changed', ['name', 'state']],
      ['changed', ['state']],
      ['added', []],
    ]);
    expect(history[0]?.at).toBe('2026-03-01T12:00:00.000Z');
  });

  it('refuses to compare a newer sync with an older one, or a sync that does not exist', async () => {
    const first = await sync([host('h1')]);
    const second = await sync([host('h1'), vm('a')]);
    expect(() => handle.store.diff({ connectionId: 'lab', fromSyncId: second.id, toSyncId: first.id })).toThrow(/not older/);
    expect(() => handle.store.diff({ connectionId: 'lab', fromSyncId: 999 })).toThrow(/not a successful sync/);
    expect(handle.store.diff({ connectionId: 'nobody' }).rows).toEqual([]);
  });
});
