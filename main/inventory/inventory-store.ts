import Database from 'better-sqlite3';
import type { SkydeckError } from '../../common/errors/skydeck-error';
import type { ObjectId } from '../../common/model/inventory';
import type { PlatformKind } from '../../common/model/platform';
import { yieldToEventLoop } from '../../backends/core/concurrency';
import { kindCounts, objectDetail, objectHistory, treeChildren } from './browse';
import { diffSyncs, type DiffRequest } from './diff';
import { discardInterruptedRun, PendingGeneration, vacuumStep } from './generation';
import type {
  ConnectionInventory,
  InventoryDiff,
  KindCount,
  ObjectChange,
  ObjectDetail,
  ObjectSummary,
  Page,
  SearchResult,
  SyncRun,
  SyncTarget,
  TreeNode,
  ViewSpec,
} from './model';
import { migrate } from './schema/migrations';
import { searchView, summariesOfRows, viewRowNumbers } from './search/search';
import { isProcessAlive, readSyncRun, toSyncRun, type SyncRunRecord } from './sync-runs';
import { WalCheckpointer } from './wal-checkpointer';

export interface InventoryStoreOptions {
  /** The clock sync runs are stamped with (tests move it). */
  now?: () => Date;
  /** After how long without a successful sync a connection's data reads as stale. Default: one hour. */
  staleAfterMs?: number;
  /** Checkpoint the WAL from a worker thread (default) rather than inside commits. */
  backgroundCheckpoints?: boolean;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/**
 * The offline inventory: one SQLite file (WAL) of objects, relations, sync runs and per-sync
 * changes. Reads see only committed syncs; `SyncEngine` writes. Every answer is plain data.
 */
export class InventoryStore {
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #staleAfterMs: number;
  readonly #checkpointer: WalCheckpointer | undefined;

  /** Opens (or creates) the database at `path`, migrates it, and undoes syncs whose process died. */
  static open(path: string, options: InventoryStoreOptions = {}): InventoryStore {
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      recoverInterruptedSyncs(db);
    } catch (error) {
      db.close();
      throw error;
    }
    let checkpointer: WalCheckpointer | undefined;
    if (options.backgroundCheckpoints !== false) {
      db.pragma('wal_autocheckpoint = 0');
      checkpointer = new WalCheckpointer(path, () => {
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
      });
    }
    return new InventoryStore(db, options, checkpointer);
  }

  private constructor(db: Database.Database, options: InventoryStoreOptions, checkpointer: WalCheckpointer | undefined) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#staleAfterMs = options.staleAfterMs ?? 60 * 60 * 1000;
    this.#checkpointer = checkpointer;
  }

  /** Stops the checkpoint worker, then closes the database (SQLite folds the WAL back into the file). */
  async close(): Promise<void> {
    await this.#checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }

  get schemaVersion(): number {
    return this.#db.pragma('user_version', { simple: true }) as number;
  }

  /** Starts writing a sync (used by SyncEngine). */
  beginSync(target: SyncTarget, full: boolean): PendingGeneration {
    return PendingGeneration.begin(this.#db, target, full, this.#now);
  }

  /** Deletes up to `limit` superseded versions of a connection; true when none are left (then checkpoints). */
  vacuumStep(connectionId: string, limit: number): boolean {
    const done = vacuumStep(this.#db, connectionId, limit);
    if (done) this.#checkpointer?.request();
    return done;
  }

  /** Every connection the store has data for, with how fresh that data is. */
  connections(): ConnectionInventory[] {
    const records = this.#db
      .prepare(
        `SELECT c.id, c.name, c.platform,
           (SELECT count(*) FROM live_objects o WHERE o.connection_id = c.id) AS objectCount,
           (SELECT max(finished_at) FROM sync_runs r WHERE r.connection_id = c.id AND r.outcome = 'ok') AS lastSyncAt,
           (SELECT max(finished_at) FROM sync_runs r WHERE r.connection_id = c.id AND r.outcome = 'ok' AND r.full = 1) AS lastFullSyncAt,
           (SELECT count(*) FROM sync_runs r WHERE r.connection_id = c.id AND r.outcome = 'running') AS running,
           (SELECT r.error FROM sync_runs r WHERE r.connection_id = c.id AND r.outcome <> 'running' ORDER BY r.id DESC LIMIT 1) AS lastAttemptError
         FROM connections c ORDER BY c.name COLLATE NOCASE`,
      )
      .all() as {
      id: string;
      name: string;
      platform: PlatformKind;
      objectCount: number;
      lastSyncAt: string | null;
      lastFullSyncAt: string | null;
      running: number;
      lastAttemptError: string | null;
    }[];
    const now = this.#now().getTime();
    return records.map((record) => {
      const lastError = record.lastAttemptError === null ? undefined : (JSON.parse(record.lastAttemptError) as SkydeckError);
      const tooOld = record.lastSyncAt === null || now - new Date(record.lastSyncAt).getTime() > this.#staleAfterMs;
      const inventory: ConnectionInventory = {
        connectionId: record.id,
        name: record.name,
        platform: record.platform,
        level: record.running > 0 ? 'syncing' : record.lastSyncAt === null ? 'never-synced' : tooOld || lastError ? 'stale' : 'fresh',
        objectCount: record.objectCount,
      };
      if (record.lastSyncAt !== null) inventory.lastSyncAt = record.lastSyncAt;
      if (record.lastFullSyncAt !== null) inventory.lastFullSyncAt = record.lastFullSyncAt;
      if (lastError) inventory.lastError = lastError;
      return inventory;
    });
  }

  /** Sync runs of a connection, newest first. */
  syncRuns(connectionId: string, limit = 50): SyncRun[] {
    const records = this.#db
      .prepare('SELECT * FROM sync_runs WHERE connection_id = ? ORDER BY id DESC LIMIT ?')
      .all(connectionId, limit) as SyncRunRecord[];
    return records.map(toSyncRun);
  }

  syncRun(id: number): SyncRun | undefined {
    return readSyncRun(this.#db, id);
  }

  counts(connectionId?: string): KindCount[] {
    return kindCounts(this.#db, connectionId);
  }

  children(request: { connectionId: string; parentId?: ObjectId } & PageRequest): Page<TreeNode> {
    return treeChildren(this.#db, request);
  }

  object(id: ObjectId): ObjectDetail | undefined {
    return objectDetail(this.#db, id);
  }

  objectHistory(id: ObjectId, limit = 20): ObjectChange[] {
    return objectHistory(this.#db, id, limit);
  }

  /** Search, or a kind table: one page of a view, ranked or sorted. */
  search(view: ViewSpec, page: PageRequest): SearchResult {
    return searchView(this.#db, view, page);
  }

  /** Every row of a view, in order, read `chunkSize` at a time (for exports). */
  async *viewChunks(view: ViewSpec, chunkSize = 500): AsyncGenerator<ObjectSummary[]> {
    const rows = viewRowNumbers(this.#db, view);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield summariesOfRows(this.#db, rows.slice(start, start + chunkSize));
      await yieldToEventLoop();
    }
  }

  /** Names of these objects (those the inventory holds). */
  namesOf(ids: readonly ObjectId[]): Map<ObjectId, string> {
    if (ids.length === 0) return new Map();
    const rows = this.#db
      .prepare('SELECT id, name FROM live_objects WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...new Set(ids)])) as { id: string; name: string }[];
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  diff(request: DiffRequest): InventoryDiff {
    return diffSyncs(this.#db, request);
  }

  /** Drops everything stored for a connection (when the user removes it), a chunk at a time. */
  async forgetConnection(connectionId: string, chunkSize = 1_000): Promise<void> {
    const deleteChunk = this.#db.prepare('DELETE FROM objects WHERE row IN (SELECT row FROM objects WHERE connection_id = ? LIMIT ?)');
    while (deleteChunk.run(connectionId, chunkSize).changes > 0) await yieldToEventLoop();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM sync_runs WHERE connection_id = ?').run(connectionId);
      this.#db.prepare('DELETE FROM connections WHERE id = ?').run(connectionId);
    })();
  }
}

/** Undoes what syncs left behind when their process died, and drops versions nobody can see any more. */
function recoverInterruptedSyncs(db: Database.Database): void {
  const running = db.prepare(`SELECT * FROM sync_runs WHERE outcome = 'running'`).all() as SyncRunRecord[];
  const orphaned = running.filter((run) => !isProcessAlive(run.owner_pid));
  const busy = new Set(running.filter((run) => !orphaned.includes(run)).map((run) => run.connection_id));
  const connections = db.prepare('SELECT id FROM connections').pluck().all() as string[];
  db.transaction(() => {
    for (const run of orphaned) discardInterruptedRun(db, run);
    for (const connectionId of connections) {
      if (!busy.has(connectionId)) while (!vacuumStep(db, connectionId, 10_000));
    }
  }).immediate();
}
