import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryObject } from '../../../common/model/inventory';
import { SyncEngine } from '../sync-engine';
import { makeObject, syncTarget } from '../testing/inventory-factory';
import { openTempStore } from '../testing/temp-store';

const gib = 1024 ** 3;

/** Two small labs whose objects differ in exactly the ways the filters look at. */
function labObjects(): { lab: InventoryObject[]; edge: InventoryObject[] } {
  const host = (id: string, name: string): InventoryObject =>
    makeObject('lab', 'host', id, { name, state: 'online', facts: { cpuCount: 64, memoryBytes: 512 * gib } });
  const esx3 = host('h3', 'esx-03');
  const esx4 = host('h4', 'esx-04');
  const vm = (id: string, name: string, overrides: Partial<InventoryObject> & { host?: InventoryObject } = {}): InventoryObject => {
    const runsOn = overrides.host ?? esx3;
    return makeObject('lab', 'vm', id, {
      name,
      parentId: runsOn.id,
      relations: [{ type: 'runs-on', to: runsOn.id }],
      ...overrides,
      facts: { ...overrides.facts },
    });
  };
  const lab = [
    esx3,
    esx4,
    vm('1', 'web-01', {
      facts: {
        cpuCount: 8,
        memoryBytes: 16 * gib,
        capacityBytes: 100 * gib,
        ipAddresses: ['10.0.1.5'],
        tags: ['prod', 'pci'],
        guestOs: 'Ubuntu Linux (64-bit)',
      },
    }),
    vm('2', 'web-02', {
      state: 'stopped',
      facts: { cpuCount: 2, memoryBytes: 4 * gib, capacityBytes: 40 * gib, ipAddresses: ['10.0.1.6'], tags: ['prod'] },
    }),
    vm('3', 'db-01', {
      host: esx4,
      facts: {
        cpuCount: 16,
        memoryBytes: 64 * gib,
        capacityBytes: 500 * gib,
        uuid: '4211a0b2-0c6e-4d55-9f1e-51c7a8c2d001',
        notes: 'Primary database; nightly backup at 02:00',
        macAddresses: ['00:50:56:aa:bb:01'],
      },
    }),
    vm('4', 'build-agent', {
      facts: { cpuCount: 4, memoryBytes: 8 * gib, tags: ['dev'], hostName: 'ci-runner.example.org', notes: 'has web in its notes' },
    }),
    makeObject('lab', 'storage', 'ds1', { name: 'datastore-web', facts: { capacityBytes: 4096 * gib } }),
  ];
  const edge = [
    makeObject('edge', 'vm', '100', {
      platform: 'proxmox',
      name: 'web-edge',
      state: 'running',
      facts: { cpuCount: 1, memoryBytes: 2 * gib, tags: ['prod'] },
    }),
    makeObject('edge', 'vm', '101', {
      platform: 'proxmox',
      nativeType: 'lxc',
      name: 'proxy',
      state: 'running',
      facts: { cpuCount: 2, nics: [{ label: 'net0', mac: 'BC:24:11:00:00:01', ipAddresses: ['192.168.7.20'] }] },
    }),
  ];
  return { lab, edge };
}

describe('search', () => {
  const handle = openTempStore();
  const names = (query: string, extra: { kind?: 'vm'; sort?: string; direction?: 'asc' | 'desc' } = {}): string[] =>
    handle.store.search({ query, ...extra }, { limit: 100, offset: 0 }).rows.map((row) => row.name);

  beforeAll(async () => {
    const { lab, edge } = labObjects();
    const engine = new SyncEngine(handle.store);
    await engine.sync(
      syncTarget('lab', 'vsphere', 'Lab vCenter'),
      (async function* () {
        yield { op: 'begin', full: true } as const;
        yield { op: 'upsert', objects: lab } as const;
        yield { op: 'commit' } as const;
      })(),
      new AbortController().signal,
    );
    await engine.sync(
      syncTarget('edge', 'proxmox', 'Edge PVE'),
      (async function* () {
        yield { op: 'begin', full: true } as const;
        yield { op: 'upsert', objects: edge } as const;
        yield { op: 'commit' } as const;
      })(),
      new AbortController().signal,
    );
  });
  afterAll(() => handle.dispose());

  it('finds words by prefix across connections: names starting with the word first, then hits in names, then in notes', () => {
    const found = names('web');
    expect(found.slice(0, 3).sort()).toEqual(['web-01', 'web-02', 'web-edge']);
    expect(found.slice(3)).toEqual(['datastore-web', 'build-agent']);
    expect(names('web-02')[0]).toBe('web-02');
  });

  it('finds IPs, MACs, UUIDs, tags, notes, guest OS and guest host names', () => {
    expect(names('10.0.1.5')).toEqual(['web-01']);
    expect(names('10.0.1').sort()).toEqual(['web-01', 'web-02']);
    expect(names('00:50:56:aa:bb:01')).toEqual(['db-01']);
    expect(names('bc:24:11')).toEqual(['proxy']);
    expect(names('4211a0b2')).toEqual(['db-01']);
    expect(names('pci')).toEqual(['web-01']);
    expect(names('nightly')).toEqual(['db-01']);
    expect(names('ubuntu')).toEqual(['web-01']);
    expect(names('ci-runner')).toEqual(['build-agent']);
  });

  it('matches quoted phrases only in order', () => {
    expect(names('"nightly backup"')).toEqual(['db-01']);
    expect(names('"backup nightly"')).toEqual([]);
  });

  it('filters by kind, state, platform, native type, connection id or name', () => {
    expect(names('kind:storage')).toEqual(['datastore-web']);
    expect(names('state:stopped')).toEqual(['web-02']);
    expect(names('platform:proxmox')).toEqual(['proxy', 'web-edge']);
    expect(names('type:lxc')).toEqual(['proxy']);
    expect(names('connection:edge kind:vm')).toEqual(['proxy', 'web-edge']);
    expect(names('connection:"Edge PVE" kind:vm')).toEqual(['proxy', 'web-edge']);
    expect(names('kind:vm state:running,stopped connection:lab')).toEqual(['build-agent', 'db-01', 'web-01', 'web-02']);
  });

  it('filters by the host a VM runs on, its tags and name patterns', () => {
    expect(names('host:esx-03')).toEqual(['build-agent', 'web-01', 'web-02']);
    expect(names('host:esx-0*', { kind: 'vm' })).toEqual(['build-agent', 'db-01', 'web-01', 'web-02']);
    expect(names('tag:prod')).toEqual(['web-01', 'web-02', 'web-edge']);
    expect(names('name:web*')).toEqual(['web-01', 'web-02', 'web-edge']);
    expect(names('name:web')).toEqual([]);
    expect(names('name:WEB-01')).toEqual(['web-01']);
  });

  it('compares cpu, memory (GiB) and disk numerically', () => {
    expect(names('cpu>4 kind:vm')).toEqual(['db-01', 'web-01']);
    expect(names('cpu>=4 cpu<16 kind:vm')).toEqual(['build-agent', 'web-01']);
    expect(names('memory>=16 kind:vm')).toEqual(['db-01', 'web-01']);
    expect(names('memory<4096MiB')).toEqual(['web-edge']);
    expect(names('disk>200 kind:vm')).toEqual(['db-01']);
    expect(names('cpu:2')).toEqual(['proxy', 'web-02']);
  });

  it('negates filters and words', () => {
    expect(names('kind:vm connection:lab -state:stopped')).toEqual(['build-agent', 'db-01', 'web-01']);
    expect(names('web -prod')).toEqual(['datastore-web', 'build-agent']);
    expect(names('kind:vm -cpu>2')).toEqual(['proxy', 'web-02', 'web-edge']);
    expect(names('kind:vm -tag:prod')).toEqual(['build-agent', 'db-01', 'proxy']);
  });

  it('searches one field when asked', () => {
    expect(names('notes:web')).toEqual(['build-agent']);
    expect(names('ip:192.168')).toEqual(['proxy']);
    expect(names('os:ubuntu')).toEqual(['web-01']);
  });

  it('pages with a total, and sorts by any column (empty values last when descending)', () => {
    const first = handle.store.search({ kind: 'vm', sort: 'memory', direction: 'desc' }, { limit: 2, offset: 0 });
    const second = handle.store.search({ kind: 'vm', sort: 'memory', direction: 'desc' }, { limit: 2, offset: 2 });
    expect(first.total).toBe(6);
    expect([...first.rows, ...second.rows].map((row) => row.name)).toEqual(['db-01', 'web-01', 'build-agent', 'web-02']);
    expect(names('', { kind: 'vm', sort: 'cpu' })).toEqual(['web-edge', 'web-02', 'proxy', 'build-agent', 'web-01', 'db-01']);
    expect(names('connection:lab', { kind: 'vm', sort: 'host' })).toEqual(['web-01', 'web-02', 'build-agent', 'db-01']);
    expect(names('', { kind: 'vm', sort: 'uuid', direction: 'desc' })[0]).toBe('db-01');
    expect(names('', { kind: 'vm', sort: 'uuid' }).at(-1)).toBe('db-01');
  });

  it('returns rows with the host a VM runs on and warnings for what it ignored', () => {
    const result = handle.store.search({ query: 'db colour:blue' }, { limit: 10, offset: 0 });
    expect(result.warnings).toEqual([expect.stringContaining('Unknown field "colour"')]);
    const plain = handle.store.search({ query: 'db-01' }, { limit: 10, offset: 0 });
    expect(plain.rows[0]).toMatchObject({ name: 'db-01', runsOn: 'esx-04', kind: 'vm', connectionId: 'lab', facts: { cpuCount: 16 } });
  });

  it('refuses an unknown sort column plainly', () => {
    expect(() => handle.store.search({ sort: 'colour' }, { limit: 10, offset: 0 })).toThrow(/no column "colour"/);
  });
});
