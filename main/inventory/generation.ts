import type Database from 'better-sqlite3';
import { SkydeckFailure, toSkydeckError } from '../../common/errors/skydeck-error';
import type { InventoryObject, ObjectId } from '../../common/model/inventory';
import { fieldChanges } from './field-changes';
import type { ChangeKind, FieldChange, SyncOutcome, SyncRun, SyncTarget } from './model';
import { fromRecord, searchDocument, toRecord, type ObjectColumns } from './object-record';
import { isProcessAlive, readSyncRun, type SyncRunRecord } from './sync-runs';

type Outcome = ChangeKind | 'unchanged';

interface VersionRow extends ObjectColumns {
  row: number;
  hash: string;
  born_gen: number;
  died_gen: number | null;
}

type PendingRow = Pick<VersionRow, 'row' | 'hash'>;

/**
 * One sync being written: its rows carry the connection's next generation, so readers (who
 * see only `born_gen <= committed_gen`) see none of them until `commit()` moves the
 * connection's committed generation in one short transaction. Every write method is one
 * transaction over the batch it is given; the sync engine keeps batches small.
 */
export class PendingGeneration {
  readonly runId: number;
  readonly generation: number;
  readonly full: boolean;
  readonly #db: Database.Database;
  readonly #target: SyncTarget;
  readonly #now: () => Date;
  /** Every object this sync named, and what it did to it. */
  readonly #outcomes = new Map<ObjectId, Outcome>();
  readonly #statements;

  static begin(db: Database.Database, target: SyncTarget, full: boolean, now: () => Date): PendingGeneration {
    const start = db.transaction(() => {
      db.prepare(
        `INSERT INTO connections(id, name, platform) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, platform = excluded.platform`,
      ).run(target.id, target.name, target.platform);
      const running = db
        .prepare(`SELECT * FROM sync_runs WHERE connection_id = ? AND outcome = 'running'`)
        .all(target.id) as SyncRunRecord[];
      for (const run of running) {
        if (isProcessAlive(run.owner_pid)) {
          throw new SkydeckFailure(
            'conflict',
            `${target.name} is already being synced (by process ${run.owner_pid}); wait for that sync to finish.`,
            {
              retryable: true,
            },
          );
        }
        discardInterruptedRun(db, run);
      }
      const { committed_gen } = db.prepare('SELECT committed_gen FROM connections WHERE id = ?').get(target.id) as {
        committed_gen: number;
      };
      const generation = committed_gen + 1;
      const { lastInsertRowid } = db
        .prepare(`INSERT INTO sync_runs(connection_id, full, generation, owner_pid, started_at, outcome) VALUES (?, ?, ?, ?, ?, 'running')`)
        .run(target.id, full ? 1 : 0, generation, process.pid, now().toISOString());
      return { runId: Number(lastInsertRowid), generation };
    });
    const { runId, generation } = start.immediate();
    return new PendingGeneration(db, target, full, runId, generation, now);
  }

  private constructor(db: Database.Database, target: SyncTarget, full: boolean, runId: number, generation: number, now: () => Date) {
    this.#db = db;
    this.#target = target;
    this.full = full;
    this.runId = runId;
    this.generation = generation;
    this.#now = now;
    this.#statements = prepareStatements(db);
  }

  get connectionId(): string {
    return this.#target.id;
  }

  /** Writes a batch of objects as this generation's versions (unchanged objects cost a read). */
  upsert(objects: readonly InventoryObject[]): void {
    this.#db.transaction(() => {
      for (const object of objects) this.#upsertOne(object);
    })();
  }

  /** Marks a batch of objects as gone in this generation. */
  remove(ids: readonly ObjectId[]): void {
    this.#db.transaction(() => {
      for (const id of ids) this.#removeOne(id);
    })();
  }

  /**
   * Committed objects of the connection that this sync has not named (a full sync removes
   * them), read a page at a time: pass the returned `next` row back until it is undefined.
   */
  unseenIds(afterRow: number, limit: number): { ids: ObjectId[]; next?: number } {
    const page = this.#statements.committedPage.all(this.#target.id, afterRow, this.generation - 1, limit) as {
      row: number;
      id: ObjectId;
    }[];
    const ids = page.filter((record) => !this.#outcomes.has(record.id)).map((record) => record.id);
    const last = page.at(-1);
    return page.length < limit || !last ? { ids } : { ids, next: last.row };
  }

  /** Makes the whole generation visible at once and records the run as ok. */
  commit(details: { cursor?: string; notes?: string[] }): SyncRun {
    const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
    for (const outcome of this.#outcomes.values()) counts[outcome] += 1;
    const changedSomething = counts.added + counts.removed + counts.changed > 0;
    this.#db
      .transaction(() => {
        const total = this.#statements.countLive.pluck().get(this.#target.id) as number;
        this.#db.prepare('UPDATE connections SET committed_gen = ? WHERE id = ?').run(this.generation, this.#target.id);
        if (!this.full && !changedSomething) {
          this.#db.prepare('DELETE FROM sync_runs WHERE id = ?').run(this.runId);
          return;
        }
        this.#db
          .prepare(
            `UPDATE sync_runs SET outcome = 'ok', finished_at = ?, added = ?, removed = ?, changed = ?, unchanged = ?, total = ?, notes = ?, cursor = ?
           WHERE id = ?`,
          )
          .run(
            this.#now().toISOString(),
            counts.added,
            counts.removed,
            counts.changed,
            counts.unchanged,
            total,
            JSON.stringify(details.notes ?? []),
            details.cursor ?? null,
            this.runId,
          );
      })
      .immediate();
    return (
      readSyncRun(this.#db, this.runId) ?? {
        id: this.runId,
        connectionId: this.#target.id,
        full: this.full,
        startedAt: this.#now().toISOString(),
        finishedAt: this.#now().toISOString(),
        outcome: 'ok',
        counts: { ...counts, total: 0 },
        notes: details.notes ?? [],
      }
    );
  }

  /**
   * Undoes up to `limit` rows of this generation; call until it returns true, then `finish`.
   * The committed inventory was never touched, so this only removes what the sync wrote.
   */
  discardStep(limit: number): boolean {
    return this.#db.transaction(() => {
      const deleted = this.#statements.deleteBorn.run(this.#target.id, this.generation, limit).changes;
      const revived = this.#statements.revive.run(this.#target.id, this.generation, limit).changes;
      return deleted + revived === 0;
    })();
  }

  /** Records the end of a sync that did not commit. */
  finish(outcome: Exclude<SyncOutcome, 'running' | 'ok'>, error: unknown): SyncRun {
    const plain = toSkydeckError(error);
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM sync_changes WHERE sync_id = ?').run(this.runId);
      this.#db
        .prepare(`UPDATE sync_runs SET outcome = ?, finished_at = ?, error = ? WHERE id = ?`)
        .run(outcome, this.#now().toISOString(), JSON.stringify(plain), this.runId);
    })();
    return readSyncRun(this.#db, this.runId) as SyncRun;
  }

  #upsertOne(object: InventoryObject): void {
    if (object.connectionId !== this.#target.id) {
      throw new SkydeckFailure(
        'bad-response',
        `The ${this.#target.name} sync sent ${object.id}, which belongs to connection ${object.connectionId}.`,
      );
    }
    const record = toRecord(object);
    const s = this.#statements;
    const base = s.base.get(object.id, this.generation - 1, this.generation) as VersionRow | undefined;
    const pending = s.pending.get(object.id, this.generation) as PendingRow | undefined;
    if (pending) {
      if (pending.hash === record.hash) return;
      s.deleteRow.run(pending.row);
    }
    if (base && base.hash === record.hash) {
      if (base.died_gen !== null) s.setDied.run(null, base.row);
      s.deleteChange.run(this.runId, object.id);
      this.#outcomes.set(object.id, 'unchanged');
      return;
    }
    if (base && base.died_gen === null) s.setDied.run(this.generation, base.row);
    this.#insert(record, object);
    if (!base) {
      this.#recordChange(object, 'added', []);
      return;
    }
    const fields = fieldChanges(fromRecord(base), object);
    if (fields.length > 0) this.#recordChange(object, 'changed', fields);
    else {
      s.deleteChange.run(this.runId, object.id);
      this.#outcomes.set(object.id, 'unchanged');
    }
  }

  #removeOne(id: ObjectId): void {
    const s = this.#statements;
    const pending = s.pending.get(id, this.generation) as PendingRow | undefined;
    if (pending) s.deleteRow.run(pending.row);
    const base = s.base.get(id, this.generation - 1, this.generation) as VersionRow | undefined;
    if (!base) {
      s.deleteChange.run(this.runId, id);
      this.#outcomes.delete(id);
      return;
    }
    if (base.died_gen === null) s.setDied.run(this.generation, base.row);
    this.#recordChange({ id, kind: base.kind, name: base.name }, 'removed', []);
  }

  #insert(record: ReturnType<typeof toRecord>, object: InventoryObject): void {
    const s = this.#statements;
    const row = Number(s.insert.run({ ...record, born_gen: this.generation }).lastInsertRowid);
    s.insertBody.run({ row, facts: record.facts, relations: record.relations, native: record.native });
    for (const tag of new Set(object.facts.tags ?? [])) s.insertTag.run(row, tag);
    for (const relation of object.relations) s.insertRelation.run(row, relation.type, relation.to, relation.via ?? null);
    s.index.run({ row, ...searchDocument(object) });
  }

  #recordChange(object: { id: ObjectId; kind: string; name: string }, change: ChangeKind, fields: FieldChange[]): void {
    this.#statements.recordChange.run(this.runId, object.id, object.kind, object.name, change, JSON.stringify(fields));
    this.#outcomes.set(object.id, change);
  }
}

function prepareStatements(db: Database.Database) {
  return {
    /** The version readers see now, whether or not this sync has replaced it (died at this generation). */
    base: db.prepare(
      `SELECT o.*, b.facts, b.relations, b.native FROM objects o JOIN object_bodies b ON b.row = o.row
       WHERE o.id = ? AND o.born_gen <= ? AND (o.died_gen IS NULL OR o.died_gen = ?)`,
    ),
    pending: db.prepare('SELECT row, hash FROM objects WHERE id = ? AND born_gen = ?'),
    committedPage: db.prepare(
      'SELECT row, id FROM objects WHERE connection_id = ? AND died_gen IS NULL AND row > ? AND born_gen <= ? ORDER BY row LIMIT ?',
    ),
    /** Once this generation is committed, its live rows are exactly those not dead. */
    countLive: db.prepare('SELECT count(*) FROM objects WHERE connection_id = ? AND died_gen IS NULL'),
    insert: db.prepare(
      `INSERT INTO objects(id, connection_id, platform, kind, native_id, native_type, name, state, parent_id, hash,
         cpu_count, memory_bytes, capacity_bytes, used_bytes, born_gen)
       VALUES (@id, @connection_id, @platform, @kind, @native_id, @native_type, @name, @state, @parent_id, @hash,
         @cpu_count, @memory_bytes, @capacity_bytes, @used_bytes, @born_gen)`,
    ),
    insertBody: db.prepare('INSERT INTO object_bodies(row, facts, relations, native) VALUES (@row, @facts, @relations, @native)'),
    insertTag: db.prepare('INSERT INTO object_tags(object_row, tag) VALUES (?, ?)'),
    insertRelation: db.prepare('INSERT INTO relations(object_row, type, to_id, via) VALUES (?, ?, ?, ?)'),
    index: db.prepare(
      `INSERT INTO objects_search(rowid, name, addresses, uuid, tags, notes, guest_os, host_name)
       VALUES (@row, @name, @addresses, @uuid, @tags, @notes, @guest_os, @host_name)`,
    ),
    deleteRow: db.prepare('DELETE FROM objects WHERE row = ?'),
    setDied: db.prepare('UPDATE objects SET died_gen = ? WHERE row = ?'),
    recordChange: db.prepare(
      'INSERT OR REPLACE INTO sync_changes(sync_id, object_id, kind, name, change, fields) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteChange: db.prepare('DELETE FROM sync_changes WHERE sync_id = ? AND object_id = ?'),
    deleteBorn: db.prepare('DELETE FROM objects WHERE row IN (SELECT row FROM objects WHERE connection_id = ? AND born_gen = ? LIMIT ?)'),
    revive: db.prepare(
      'UPDATE objects SET died_gen = NULL WHERE row IN (SELECT row FROM objects WHERE connection_id = ? AND died_gen = ? LIMIT ?)',
    ),
  };
}

/**
 * Removes what a sync whose process died (kill -9, power loss) had written, and says so in
 * its run. Its rows were never visible, so the committed inventory is whole already.
 */
export function discardInterruptedRun(db: Database.Database, run: SyncRunRecord): void {
  db.prepare('DELETE FROM objects WHERE connection_id = ? AND born_gen = ?').run(run.connection_id, run.generation);
  db.prepare('UPDATE objects SET died_gen = NULL WHERE connection_id = ? AND died_gen = ?').run(run.connection_id, run.generation);
  db.prepare('DELETE FROM sync_changes WHERE sync_id = ?').run(run.id);
  const error = new SkydeckFailure(
    'cancelled',
    'Skydeck stopped while this sync was running; the inventory from the sync before it was kept.',
  );
  db.prepare(`UPDATE sync_runs SET outcome = 'failed', finished_at = coalesce(finished_at, started_at), error = ? WHERE id = ?`).run(
    JSON.stringify(error.toJSON()),
    run.id,
  );
}

/** Deletes up to `limit` versions that no reader can see any more; true when none are left. */
export function vacuumStep(db: Database.Database, connectionId: string, limit: number): boolean {
  const deleted = db
    .prepare(
      `DELETE FROM objects WHERE row IN (
         SELECT o.row FROM objects o JOIN connections c ON c.id = o.connection_id
         WHERE o.connection_id = ? AND o.died_gen IS NOT NULL AND o.died_gen <= c.committed_gen LIMIT ?)`,
    )
    .run(connectionId, limit).changes;
  return deleted === 0;
}
