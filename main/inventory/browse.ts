import type Database from 'better-sqlite3';
import { objectKinds, type ObjectId, type ObjectKind, type ObjectState, type RelationType } from '../../common/model/inventory';
import type { FieldChange, KindCount, ObjectChange, ObjectDetail, Page, RelationEnd, TreeNode } from './model';
import { fromRecord, type ObjectColumns } from './object-record';

/** Reads for the UI's tree, detail pane and history; all over the live (committed) objects. */

const kindOrder = `CASE o.kind ${objectKinds.map((kind, index) => `WHEN '${kind}' THEN ${index}`).join(' ')} END`;

/** Children of an object in the tree, or the top of a connection's tree when `parentId` is absent. */
export function treeChildren(
  db: Database.Database,
  request: { connectionId: string; parentId?: ObjectId; limit: number; offset: number },
): Page<TreeNode> {
  const parentCondition = request.parentId === undefined ? 'o.parent_id IS NULL' : 'o.parent_id = @parentId';
  const where = `o.connection_id = @connectionId AND ${parentCondition}`;
  const params = { connectionId: request.connectionId, parentId: request.parentId ?? null };
  const rows = db
    .prepare(
      `SELECT o.id, o.kind, o.name, o.state, (SELECT count(*) FROM live_objects k WHERE k.parent_id = o.id) AS childCount
       FROM live_objects o WHERE ${where} ORDER BY ${kindOrder}, o.name COLLATE NOCASE, o.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: request.limit, offset: request.offset }) as {
    id: string;
    kind: ObjectKind;
    name: string;
    state: ObjectState;
    childCount: number;
  }[];
  const total = db.prepare(`SELECT count(*) FROM live_objects o WHERE ${where}`).pluck().get(params) as number;
  return { rows, total };
}

interface RelationRecord {
  type: RelationType;
  via: string | null;
  otherId: string;
  otherName: string | null;
  otherKind: ObjectKind | null;
}

function toRelationEnd(record: RelationRecord): RelationEnd {
  const end: RelationEnd = { type: record.type, otherId: record.otherId };
  if (record.via !== null) end.via = record.via;
  if (record.otherName !== null) end.otherName = record.otherName;
  if (record.otherKind !== null) end.otherKind = record.otherKind;
  return end;
}

/** One object with its relations both ways, the other ends named. */
export function objectDetail(db: Database.Database, id: ObjectId): ObjectDetail | undefined {
  const record = db
    .prepare('SELECT o.*, b.facts, b.relations, b.native FROM live_objects o JOIN object_bodies b ON b.row = o.row WHERE o.id = ?')
    .get(id) as (ObjectColumns & { row: number }) | undefined;
  if (!record) return undefined;
  const outgoing = db
    .prepare(
      `SELECT r.type, r.via, r.to_id AS otherId, t.name AS otherName, t.kind AS otherKind
       FROM relations r LEFT JOIN live_objects t ON t.id = r.to_id WHERE r.object_row = ? ORDER BY r.type, t.name`,
    )
    .all(record.row) as RelationRecord[];
  const incoming = db
    .prepare(
      `SELECT r.type, r.via, f.id AS otherId, f.name AS otherName, f.kind AS otherKind
       FROM relations r JOIN live_objects f ON f.row = r.object_row WHERE r.to_id = ? ORDER BY r.type, f.name COLLATE NOCASE`,
    )
    .all(id) as RelationRecord[];
  const detail: ObjectDetail = { object: fromRecord(record), outgoing: outgoing.map(toRelationEnd), incoming: incoming.map(toRelationEnd) };
  if (record.parent_id !== null) {
    const parentName = db.prepare('SELECT name FROM live_objects WHERE id = ?').pluck().get(record.parent_id) as string | undefined;
    if (parentName !== undefined) detail.parentName = parentName;
  }
  return detail;
}

/** What the last successful syncs did to one object, newest first. */
export function objectHistory(db: Database.Database, id: ObjectId, limit: number): ObjectChange[] {
  const rows = db
    .prepare(
      `SELECT c.sync_id, r.finished_at, c.change, c.fields FROM sync_changes c JOIN sync_runs r ON r.id = c.sync_id
       WHERE c.object_id = ? AND r.outcome = 'ok' ORDER BY c.sync_id DESC LIMIT ?`,
    )
    .all(id, limit) as { sync_id: number; finished_at: string; change: ObjectChange['change']; fields: string }[];
  return rows.map((row) => ({
    syncId: row.sync_id,
    at: row.finished_at,
    change: row.change,
    fields: JSON.parse(row.fields) as FieldChange[],
  }));
}

export function kindCounts(db: Database.Database, connectionId?: string): KindCount[] {
  const where = connectionId === undefined ? '' : 'WHERE o.connection_id = ?';
  return db
    .prepare(
      `SELECT o.connection_id AS connectionId, o.kind, count(*) AS count FROM live_objects o ${where} GROUP BY 1, 2 ORDER BY 1, ${kindOrder}`,
    )
    .all(...(connectionId === undefined ? [] : [connectionId])) as KindCount[];
}
