import type Database from 'better-sqlite3';
import type { SkydeckError } from '../../common/errors/skydeck-error';
import type { SyncOutcome, SyncRun } from './model';

export interface SyncRunRecord {
  id: number;
  connection_id: string;
  full: number;
  generation: number;
  owner_pid: number;
  started_at: string;
  finished_at: string | null;
  outcome: SyncOutcome;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  total: number;
  notes: string;
  cursor: string | null;
  error: string | null;
}

export function toSyncRun(record: SyncRunRecord): SyncRun {
  const run: SyncRun = {
    id: record.id,
    connectionId: record.connection_id,
    full: record.full === 1,
    startedAt: record.started_at,
    outcome: record.outcome,
    counts: { added: record.added, removed: record.removed, changed: record.changed, unchanged: record.unchanged, total: record.total },
    notes: JSON.parse(record.notes) as string[],
  };
  if (record.finished_at !== null) run.finishedAt = record.finished_at;
  if (record.cursor !== null) run.cursor = record.cursor;
  if (record.error !== null) run.error = JSON.parse(record.error) as SkydeckError;
  return run;
}

export function readSyncRun(db: Database.Database, id: number): SyncRun | undefined {
  const record = db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(id) as SyncRunRecord | undefined;
  return record && toSyncRun(record);
}

/** True while the process that owns a run still exists (a SIGKILLed owner is gone). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
