import type Database from 'better-sqlite3';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ObjectId, ObjectKind } from '../../common/model/inventory';
import { stableJson } from './field-changes';
import type { ChangeKind, DiffRow, FieldChange, InventoryDiff, SyncRun } from './model';
import { toSyncRun, type SyncRunRecord } from './sync-runs';

/**
 * Which two syncs of a connection to compare. `to` defaults to the latest successful sync;
 * `from` to the successful sync before `to`, or, with `since`, the last one that had
 * finished by then (none: everything `to` holds counts as added).
 */
export interface DiffRequest {
  connectionId: string;
  fromSyncId?: number;
  toSyncId?: number;
  /** An ISO time. */
  since?: string;
}

interface ChangeRecord {
  sync_id: number;
  object_id: ObjectId;
  kind: ObjectKind;
  name: string;
  change: ChangeKind;
  fields: string;
}

/** What differs between two syncs, built from the changes each sync in between recorded. */
export function diffSyncs(db: Database.Database, request: DiffRequest): InventoryDiff {
  const okRun = db.prepare(`SELECT * FROM sync_runs WHERE id = ? AND connection_id = ? AND outcome = 'ok'`);
  const findRun = (id: number): SyncRun => {
    const record = okRun.get(id, request.connectionId) as SyncRunRecord | undefined;
    if (!record) throw new SkydeckFailure('not-found', `Sync ${id} is not a successful sync of connection ${request.connectionId}.`);
    return toSyncRun(record);
  };
  const latest = db
    .prepare(`SELECT * FROM sync_runs WHERE connection_id = ? AND outcome = 'ok' ORDER BY id DESC LIMIT 1`)
    .get(request.connectionId) as SyncRunRecord | undefined;
  const to = request.toSyncId !== undefined ? findRun(request.toSyncId) : latest && toSyncRun(latest);
  const diff: InventoryDiff = { connectionId: request.connectionId, rows: [], totals: { added: 0, removed: 0, changed: 0 } };
  if (!to) return diff;
  diff.to = to;
  const from = resolveFrom(db, request, to, findRun);
  if (from) {
    if (from.id >= to.id)
      throw new SkydeckFailure('invalid-input', `Sync ${from.id} is not older than sync ${to.id}; compare an older sync with a newer one.`);
    diff.from = from;
  }
  const changes = db
    .prepare(
      `SELECT c.* FROM sync_changes c JOIN sync_runs r ON r.id = c.sync_id
       WHERE r.connection_id = ? AND r.outcome = 'ok' AND c.sync_id > ? AND c.sync_id <= ? ORDER BY c.object_id, c.sync_id`,
    )
    .all(request.connectionId, from?.id ?? 0, to.id) as ChangeRecord[];
  let index = 0;
  while (index < changes.length) {
    let end = index;
    while (end + 1 < changes.length && changes[end + 1]?.object_id === changes[index]?.object_id) end += 1;
    const row = netChange(changes.slice(index, end + 1));
    if (row) {
      diff.rows.push(row);
      diff.totals[row.change] += 1;
    }
    index = end + 1;
  }
  const order: Record<ChangeKind, number> = { added: 0, removed: 1, changed: 2 };
  diff.rows.sort((a, b) => order[a.change] - order[b.change] || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return diff;
}

function resolveFrom(db: Database.Database, request: DiffRequest, to: SyncRun, findRun: (id: number) => SyncRun): SyncRun | undefined {
  if (request.fromSyncId !== undefined) return findRun(request.fromSyncId);
  const record = (
    request.since !== undefined
      ? db
          .prepare(
            `SELECT * FROM sync_runs WHERE connection_id = ? AND outcome = 'ok' AND finished_at <= ? AND id < ? ORDER BY id DESC LIMIT 1`,
          )
          .get(request.connectionId, new Date(request.since).toISOString(), to.id)
      : db
          .prepare(`SELECT * FROM sync_runs WHERE connection_id = ? AND outcome = 'ok' AND id < ? ORDER BY id DESC LIMIT 1`)
          .get(request.connectionId, to.id)
  ) as SyncRunRecord | undefined;
  return record && toSyncRun(record);
}

/** The net effect of one object's changes over several syncs (added then removed is nothing). */
function netChange(changes: ChangeRecord[]): DiffRow | undefined {
  const first = changes[0];
  const last = changes.at(-1);
  if (!first || !last) return undefined;
  const existedBefore = first.change !== 'added';
  const existsAfter = last.change !== 'removed';
  const base = { objectId: last.object_id, kind: last.kind, name: last.name };
  if (!existedBefore && existsAfter) return { ...base, change: 'added', fields: [] };
  if (existedBefore && !existsAfter) return { ...base, change: 'removed', fields: [] };
  if (!existedBefore) return undefined;
  const byField = new Map<string, FieldChange>();
  for (const record of changes) {
    for (const field of JSON.parse(record.fields) as FieldChange[]) {
      const earlier = byField.get(field.field);
      byField.set(field.field, earlier ? { ...earlier, newValue: field.newValue } : field);
    }
  }
  const fields = [...byField.values()].filter((field) => stableJson(field.oldValue) !== stableJson(field.newValue));
  return fields.length > 0 ? { ...base, change: 'changed', fields } : undefined;
}
