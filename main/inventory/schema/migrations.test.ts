import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InventoryStore } from '../inventory-store';
import { SyncEngine } from '../sync-engine';
import { deltaGroup, makeObject, syncTarget } from '../testing/inventory-factory';
import { latestSchemaVersion } from './migrations';

/** A database exactly as schema version 1 wrote it, with one synced connection. */
const version1Fixture = `
  CREATE TABLE connections (id TEXT PRIMARY KEY, name TEXT NOT NULL, platform TEXT NOT NULL, committed_gen INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE objects (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL, connection_id TEXT NOT NULL REFERENCES connections(id), platform TEXT NOT NULL,
    kind TEXT NOT NULL, native_id TEXT NOT NULL, native_type TEXT NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL, parent_id TEXT,
    facts TEXT NOT NULL, relations TEXT NOT NULL, native TEXT NOT NULL, hash TEXT NOT NULL, born_gen INTEGER NOT NULL, died_gen INTEGER);
  CREATE UNIQUE INDEX objects_by_id ON objects(id, born_gen);
  CREATE INDEX objects_by_kind ON objects(kind, name);
  CREATE INDEX objects_by_connection ON objects(connection_id, kind);
  CREATE INDEX objects_by_parent ON objects(parent_id);
  CREATE INDEX objects_by_birth ON objects(connection_id, born_gen);
  CREATE INDEX objects_by_death ON objects(connection_id, died_gen);
  CREATE TABLE relations (object_row INTEGER NOT NULL REFERENCES objects(row) ON DELETE CASCADE, type TEXT NOT NULL, to_id TEXT NOT NULL, via TEXT);
  CREATE INDEX relations_from ON relations(object_row);
  CREATE INDEX relations_to ON relations(to_id, type);
  CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY, connection_id TEXT NOT NULL REFERENCES connections(id), full INTEGER NOT NULL, generation INTEGER NOT NULL,
    owner_pid INTEGER NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '[]', cursor TEXT, error TEXT);
  CREATE INDEX sync_runs_by_connection ON sync_runs(connection_id, id);
  CREATE TABLE sync_changes (
    sync_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE, object_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    change TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (sync_id, object_id)) WITHOUT ROWID;
  CREATE INDEX sync_changes_by_object ON sync_changes(object_id, sync_id);
  CREATE VIEW live_objects AS SELECT o.* FROM objects o JOIN connections c ON c.id = o.connection_id
    WHERE o.born_gen <= c.committed_gen AND (o.died_gen IS NULL OR o.died_gen > c.committed_gen);

  INSERT INTO connections VALUES ('old', 'Old vCenter', 'vsphere', 1);
  INSERT INTO objects VALUES
    (1, 'old/host/h1', 'old', 'vsphere', 'host', 'h1', 'HostSystem', 'esx-01', 'online', NULL,
     '{"cpuCount":32,"memoryBytes":274877906944}', '[]', '{}', 'hash-h1', 1, NULL),
    (2, 'old/vm/vm-7', 'old', 'vsphere', 'vm', 'vm-7', 'VirtualMachine', 'legacy-app', 'running', 'old/host/h1',
     '{"cpuCount":6,"memoryBytes":17179869184,"ipAddresses":["172.16.4.20"],"tags":["legacy"],"notes":"Migrated from the old farm"}',
     '[{"type":"runs-on","to":"old/host/h1"}]', '{"config":{"annotation":"x"}}', 'hash-vm7', 1, NULL);
  INSERT INTO relations VALUES (2, 'runs-on', 'old/host/h1', NULL);
  INSERT INTO sync_runs(id, connection_id, full, generation, owner_pid, started_at, finished_at, outcome, added, total)
    VALUES (1, 'old', 1, 1, 1, '2025-11-01T10:00:00.000Z', '2025-11-01T10:00:05.000Z', 'ok', 2, 2);
  INSERT INTO sync_changes VALUES (1, 'old/host/h1', 'host', 'esx-01', 'added', '[]'), (1, 'old/vm/vm-7', 'vm', 'legacy-app', 'added', '[]');
  PRAGMA user_version = 1;
`;

describe('inventory schema migrations', () => {
  let folder: string;
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const databasePath = (): string => {
    folder = mkdtempSync(join(tmpdir(), 'skydeck-migrate-'));
    return join(folder, 'inventory.sqlite');
  };

  it('creates a new database at the latest version', async () => {
    const store = InventoryStore.open(databasePath());
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    await store.close();
  });

  it('migrates a version 1 database to the latest: its objects become searchable, filterable by tag and sortable, and syncs go on', async () => {
    const path = databasePath();
    const old = new Database(path);
    old.exec(version1Fixture);
    old.close();

    const store = InventoryStore.open(path);
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    const page = { limit: 10, offset: 0 };
    expect(store.search({ query: '172.16.4.20' }, page).rows.map((row) => row.name)).toEqual(['legacy-app']);
    expect(store.search({ query: 'tag:legacy cpu>4 memory>=16' }, page).rows.map((row) => row.name)).toEqual(['legacy-app']);
    expect(store.search({ query: 'migrated' }, page).rows[0]).toMatchObject({ name: 'legacy-app', runsOn: 'esx-01' });
    expect(store.search({ kind: 'host', sort: 'memory' }, page).rows.map((row) => row.name)).toEqual(['esx-01']);
    expect(store.object('old/vm/vm-7')?.incoming).toEqual([]);
    expect(store.object('old/host/h1')?.incoming).toEqual([
      { type: 'runs-on', otherId: 'old/vm/vm-7', otherName: 'legacy-app', otherKind: 'vm' },
    ]);

    const vm = makeObject('old', 'vm', 'vm-7', { name: 'legacy-app', parentId: 'old/host/h1', facts: { cpuCount: 8 } });
    const run = await new SyncEngine(store).sync(
      syncTarget('old', 'vsphere', 'Old vCenter'),
      deltaGroup([vm]),
      new AbortController().signal,
    );
    expect(run.counts).toMatchObject({ removed: 1, changed: 1, total: 1 });
    expect(store.diff({ connectionId: 'old' }).rows.map((row) => [row.change, row.name])).toEqual([
      ['removed', 'esx-01'],
      ['changed', 'legacy-app'],
    ]);
    expect(store.search({ query: 'migrated' }, page).rows).toEqual([]);
    await store.close();
  });

  it('refuses a database written by a newer Skydeck, saying what to do', () => {
    const path = databasePath();
    const newer = new Database(path);
    newer.pragma('user_version = 99');
    newer.close();
    expect(() => InventoryStore.open(path)).toThrow(/newer Skydeck \(schema version 99\).*Update Skydeck/);
  });
});
