import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEngine } from './sync-engine';
import { buildLab, deltaGroup, syncTarget } from './testing/inventory-factory';
import { openTempStore } from './testing/temp-store';

describe('browsing the inventory', () => {
  const handle = openTempStore();
  const objects = buildLab({
    connectionId: 'lab',
    platform: 'vsphere',
    clusters: 2,
    hostsPerCluster: 2,
    vmsPerHost: 3,
    datastores: 2,
    networks: 2,
    snapshotShare: 1,
  });
  const page = { limit: 50, offset: 0 };

  beforeAll(async () => {
    await new SyncEngine(handle.store).sync(syncTarget('lab'), deltaGroup(objects), new AbortController().signal);
  });
  afterAll(() => handle.dispose());

  it('walks the tree from the site down to VMs and their snapshots, with child counts', () => {
    const top = handle.store.children({ connectionId: 'lab', ...page });
    expect(top).toEqual({ total: 1, rows: [{ id: 'lab/site/dc1', kind: 'site', name: 'lab-dc1', state: 'online', childCount: 6 }] });
    const site = handle.store.children({ connectionId: 'lab', parentId: 'lab/site/dc1', ...page });
    expect(site.rows.map((node) => [node.kind, node.childCount])).toEqual([
      ['cluster', 2],
      ['cluster', 2],
      ['storage', 0],
      ['storage', 0],
      ['network', 0],
      ['network', 0],
    ]);
    const host = handle.store.children({ connectionId: 'lab', parentId: 'lab/host/host0', ...page });
    expect(host.rows.map((node) => [node.kind, node.childCount])).toEqual([
      ['vm', 1],
      ['vm', 1],
      ['vm', 1],
    ]);
    const paged = handle.store.children({ connectionId: 'lab', parentId: 'lab/host/host0', limit: 2, offset: 2 });
    expect(paged.total).toBe(3);
    expect(paged.rows).toHaveLength(1);
  });

  it('shows one object with its relations both ways and the names at the other ends', () => {
    const vm = objects.find((object) => object.kind === 'vm' && object.parentId === 'lab/host/host0');
    const detail = handle.store.object(vm?.id ?? '');
    expect(detail?.object).toEqual(vm);
    expect(detail?.parentName).toBe('esx-00.lab.lab');
    expect(detail?.outgoing.map((end) => [end.type, end.otherKind, end.via])).toEqual([
      ['attached-to', 'network', 'nic0'],
      ['runs-on', 'host', undefined],
      ['stored-on', 'storage', 'disk0'],
    ]);
    expect(detail?.incoming).toEqual([
      {
        type: 'snapshot-of',
        otherId: `${vm?.id}-snap1`.replace('/vm/', '/snapshot/'),
        otherName: expect.stringMatching(/^before-upgrade-/),
        otherKind: 'snapshot',
      },
    ]);
    const host = handle.store.object('lab/host/host0');
    expect(host?.incoming.filter((end) => end.type === 'runs-on').map((end) => end.otherKind)).toEqual(['vm', 'vm', 'vm']);
    expect(host?.outgoing).toEqual([{ type: 'member-of', otherId: 'lab/cluster/cluster0', otherName: 'lab-cl0', otherKind: 'cluster' }]);
    expect(handle.store.object('lab/vm/nope')).toBeUndefined();
  });

  it('counts objects per kind per connection', () => {
    expect(handle.store.counts()).toEqual([
      { connectionId: 'lab', kind: 'site', count: 1 },
      { connectionId: 'lab', kind: 'cluster', count: 2 },
      { connectionId: 'lab', kind: 'host', count: 4 },
      { connectionId: 'lab', kind: 'vm', count: 12 },
      { connectionId: 'lab', kind: 'storage', count: 2 },
      { connectionId: 'lab', kind: 'network', count: 2 },
      { connectionId: 'lab', kind: 'snapshot', count: 12 },
    ]);
  });

  it('forgets everything of a removed connection', async () => {
    await new SyncEngine(handle.store).sync(
      syncTarget('gone'),
      deltaGroup(
        buildLab({
          connectionId: 'gone',
          platform: 'openstack',
          clusters: 1,
          hostsPerCluster: 1,
          vmsPerHost: 2,
          datastores: 1,
          networks: 1,
        }),
      ),
      new AbortController().signal,
    );
    expect(handle.store.connections().map((c) => c.connectionId)).toEqual(['gone', 'lab']);
    await handle.store.forgetConnection('gone', 2);
    expect(handle.store.connections().map((c) => c.connectionId)).toEqual(['lab']);
    expect(handle.store.counts('gone')).toEqual([]);
    expect(handle.store.search({ query: 'connection:gone' }, page).total).toBe(0);
  });
});
