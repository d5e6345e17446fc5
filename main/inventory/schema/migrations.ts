import type Database from 'better-sqlite3';
import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { InventoryObject } from '../../../common/model/inventory';
import { searchDocument } from '../object-record';

/**
 * The inventory schema, version by version (PRAGMA user_version). A migration runs once,
 * in a transaction with the version bump, so a database is always at one whole version.
 * Never edit a shipped migration: add the next one.
 *
 * Objects are versioned by sync generation: a row is visible while
 * `born_gen <= connections.committed_gen < died_gen`. A sync writes its rows under the next
 * generation, and committing it is one UPDATE of `committed_gen` (see generation.ts).
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'objects by generation, relations, sync runs and per-sync changes',
    up(db) {
      db.exec(`
        CREATE TABLE connections (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          platform TEXT NOT NULL,
          committed_gen INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE objects (
          row INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          connection_id TEXT NOT NULL REFERENCES connections(id),
          platform TEXT NOT NULL,
          kind TEXT NOT NULL,
          native_id TEXT NOT NULL,
          native_type TEXT NOT NULL,
          name TEXT NOT NULL,
          state TEXT NOT NULL,
          parent_id TEXT,
          facts TEXT NOT NULL,
          relations TEXT NOT NULL,
          native TEXT NOT NULL,
          hash TEXT NOT NULL,
          born_gen INTEGER NOT NULL,
          died_gen INTEGER
        );
        CREATE UNIQUE INDEX objects_by_id ON objects(id, born_gen);
        CREATE INDEX objects_by_kind ON objects(kind, name);
        CREATE INDEX objects_by_connection ON objects(connection_id, kind);
        CREATE INDEX objects_by_parent ON objects(parent_id);
        CREATE INDEX objects_by_birth ON objects(connection_id, born_gen);
        CREATE INDEX objects_by_death ON objects(connection_id, died_gen);
        CREATE TABLE relations (
          object_row INTEGER NOT NULL REFERENCES objects(row) ON DELETE CASCADE,
          type TEXT NOT NULL,
          to_id TEXT NOT NULL,
          via TEXT
        );
        CREATE INDEX relations_from ON relations(object_row);
        CREATE INDEX relations_to ON relations(to_id, type);
        CREATE TABLE sync_runs (
          id INTEGER PRIMARY KEY,
          connection_id TEXT NOT NULL REFERENCES connections(id),
          full INTEGER NOT NULL,
          generation INTEGER NOT NULL,
          owner_pid INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          outcome TEXT NOT NULL,
          added INTEGER NOT NULL DEFAULT 0,
          removed INTEGER NOT NULL DEFAULT 0,
          changed INTEGER NOT NULL DEFAULT 0,
          unchanged INTEGER NOT NULL DEFAULT 0,
          total INTEGER NOT NULL DEFAULT 0,
          notes TEXT NOT NULL DEFAULT '[]',
          cursor TEXT,
          error TEXT
        );
        CREATE INDEX sync_runs_by_connection ON sync_runs(connection_id, id);
        CREATE TABLE sync_changes (
          sync_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
          object_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          change TEXT NOT NULL,
          fields TEXT NOT NULL DEFAULT '[]',
          PRIMARY KEY (sync_id, object_id)
        ) WITHOUT ROWID;
        CREATE INDEX sync_changes_by_object ON sync_changes(object_id, sync_id);
        CREATE VIEW live_objects AS
          SELECT o.* FROM objects o JOIN connections c ON c.id = o.connection_id
          WHERE o.born_gen <= c.committed_gen AND (o.died_gen IS NULL OR o.died_gen > c.committed_gen);
      `);
    },
  },
  {
    version: 2,
    description: 'search: sortable fact columns and a full-text index',
    up(db) {
      db.exec(`
        ALTER TABLE objects ADD COLUMN cpu_count INTEGER;
        ALTER TABLE objects ADD COLUMN memory_bytes INTEGER;
        ALTER TABLE objects ADD COLUMN capacity_bytes INTEGER;
        ALTER TABLE objects ADD COLUMN used_bytes INTEGER;
        UPDATE objects SET
          cpu_count = json_extract(facts, '$.cpuCount'),
          memory_bytes = json_extract(facts, '$.memoryBytes'),
          capacity_bytes = json_extract(facts, '$.capacityBytes'),
          used_bytes = json_extract(facts, '$.usedBytes');
        CREATE VIRTUAL TABLE objects_search USING fts5(
          name, addresses, uuid, tags, notes, guest_os, host_name,
          content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER objects_search_forget AFTER DELETE ON objects BEGIN
          DELETE FROM objects_search WHERE rowid = old.row;
        END;
      `);
      const index = db.prepare(
        `INSERT INTO objects_search(rowid, name, addresses, uuid, tags, notes, guest_os, host_name)
         VALUES (@row, @name, @addresses, @uuid, @tags, @notes, @guest_os, @host_name)`,
      );
      const rows = db.prepare('SELECT row, name, facts FROM objects').all() as { row: number; name: string; facts: string }[];
      for (const { row, name, facts } of rows) {
        index.run({ row, ...searchDocument({ name, facts: JSON.parse(facts) as InventoryObject['facts'] }) });
      }
    },
  },
  {
    version: 3,
    description: 'narrow object rows (bodies and tags in their own tables) so that filters and counts stay fast at 100k objects',
    up(db) {
      db.exec(`
        CREATE TABLE object_bodies (
          row INTEGER PRIMARY KEY REFERENCES objects(row) ON DELETE CASCADE,
          facts TEXT NOT NULL,
          relations TEXT NOT NULL,
          native TEXT NOT NULL
        );
        INSERT INTO object_bodies(row, facts, relations, native) SELECT row, facts, relations, native FROM objects;
        CREATE TABLE object_tags (
          object_row INTEGER NOT NULL REFERENCES objects(row) ON DELETE CASCADE,
          tag TEXT NOT NULL COLLATE NOCASE
        );
        INSERT INTO object_tags(object_row, tag) SELECT o.row, t.value FROM objects o, json_each(o.facts, '$.tags') t;
        CREATE INDEX object_tags_by_tag ON object_tags(tag, object_row);
        CREATE INDEX object_tags_by_row ON object_tags(object_row);
        DROP VIEW live_objects;
        DROP INDEX objects_by_kind;
        ALTER TABLE objects DROP COLUMN facts;
        ALTER TABLE objects DROP COLUMN relations;
        ALTER TABLE objects DROP COLUMN native;
        CREATE INDEX objects_by_kind ON objects(kind, name COLLATE NOCASE);
        CREATE INDEX objects_by_kind_state ON objects(kind, state);
        CREATE INDEX objects_by_kind_cpu ON objects(kind, cpu_count);
        CREATE INDEX objects_by_kind_memory ON objects(kind, memory_bytes);
        CREATE INDEX objects_by_kind_disk ON objects(kind, capacity_bytes);
        CREATE INDEX objects_by_name ON objects(name COLLATE NOCASE);
        CREATE VIEW live_objects AS
          SELECT o.* FROM objects o JOIN connections c ON c.id = o.connection_id
          WHERE o.born_gen <= c.committed_gen AND (o.died_gen IS NULL OR o.died_gen > c.committed_gen);
      `);
    },
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

/** Brings the database to the latest schema; returns the versions it applied. */
export function migrate(db: Database.Database): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latestSchemaVersion) {
    throw new SkydeckFailure(
      'unsupported',
      `The inventory database was written by a newer Skydeck (schema version ${current}); this one reads up to version ${latestSchemaVersion}. Update Skydeck or point it at another data folder.`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
