import type Database from 'better-sqlite3';
import { summaryFromColumns, type SummaryColumns } from '../object-record';
import { resolveColumns } from '../columns';
import type { ObjectSummary, SearchResult, ViewSpec } from '../model';
import { parseQuery, type MatchField, type NumericField, type QueryPart, type TextTerm } from './query-parser';

/** A view turned into SQL over the live objects `o`. */
interface CompiledView {
  from: string;
  where: string[];
  params: unknown[];
  orderBy: string;
  /** Parameters of `orderBy`, bound after those of `where`. */
  orderParams: unknown[];
  warnings: string[];
}

const runsOnColumn = `(SELECT h.name FROM relations r JOIN live_objects h ON h.id = r.to_id WHERE r.object_row = o.row AND r.type = 'runs-on' LIMIT 1) AS runs_on`;
const summaryColumns = `o.row, o.id, o.connection_id, o.platform, o.kind, o.native_type, o.name, o.state, o.parent_id, b.facts, b.relations, ${runsOnColumn}`;

/** Column weights for ranking: a hit in the name counts most. */
const rank = 'bm25(objects_search, 10.0, 4.0, 4.0, 3.0, 1.0, 2.0, 3.0)';

/**
 * What a field filter compares: one or more expressions (any may match), whether the stored
 * values are canonical lower case (kind, state, platform), and what wraps the OR of the values.
 */
interface MatchTarget {
  expressions: string[];
  lowerCase?: boolean;
  /** `live` is the table of visible objects to read other objects from. */
  wrap?: (anyOf: string, live: string) => string;
}

const matchTargets: Record<MatchField, MatchTarget> = {
  kind: { expressions: ['o.kind'], lowerCase: true },
  state: { expressions: ['o.state'], lowerCase: true },
  platform: { expressions: ['o.platform'], lowerCase: true },
  type: { expressions: ['o.native_type'] },
  name: { expressions: ['o.name'] },
  connection: { expressions: ['id', 'name'], wrap: (anyOf) => `o.connection_id IN (SELECT id FROM connections WHERE ${anyOf})` },
  tag: { expressions: ['t.tag'], wrap: (anyOf) => `o.row IN (SELECT t.object_row FROM object_tags t WHERE ${anyOf})` },
  host: {
    expressions: ['h.name'],
    wrap: (anyOf, live) =>
      `o.row IN (SELECT r.object_row FROM ${live} h JOIN relations r ON r.to_id = h.id WHERE r.type = 'runs-on' AND (${anyOf}))`,
  },
  parent: { expressions: ['p.name'], wrap: (anyOf, live) => `o.parent_id IN (SELECT p.id FROM ${live} p WHERE ${anyOf})` },
};

/** One value against one expression: equality (using the indexes) unless it has wildcards. */
function matchOne(target: MatchTarget, expression: string, value: string): { sql: string; param: string } {
  if (/[*?]/.test(value)) return { sql: `${expression} LIKE ? ESCAPE '\\'`, param: like(value) };
  if (target.lowerCase) return { sql: `${expression} = ?`, param: value.toLowerCase() };
  return { sql: `${expression} = ? COLLATE NOCASE`, param: value };
}

const numericColumns: Record<NumericField, string> = { cpu: 'o.cpu_count', memory: 'o.memory_bytes', disk: 'o.capacity_bytes' };

/**
 * True when every stored row is visible: no sync is writing and no superseded version waits
 * for clean-up. Then queries read `objects` directly and skip the per-row generation check.
 */
function everyRowVisible(db: Database.Database): boolean {
  return (
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM connections c JOIN objects o ON o.connection_id = c.id AND o.born_gen > c.committed_gen)
             OR EXISTS (SELECT 1 FROM connections c JOIN objects o ON o.connection_id = c.id AND o.died_gen <= c.committed_gen)`,
      )
      .pluck()
      .get() === 0
  );
}

export function compileView(view: ViewSpec, db: Database.Database): CompiledView {
  const live = everyRowVisible(db) ? 'objects' : 'live_objects';
  const parsed = parseQuery(view.query ?? '');
  const where: string[] = [];
  const params: unknown[] = [];
  if (view.kind) {
    where.push('o.kind = ?');
    params.push(view.kind);
  }
  if (view.connectionId) {
    where.push('o.connection_id = ?');
    params.push(view.connectionId);
  }
  const positive = parsed.parts.filter((part): part is TextTerm => part.type === 'text' && !part.negated);
  for (const part of parsed.parts) {
    if (part.type === 'text' && !part.negated) continue;
    const condition = compilePart(part, live);
    where.push(part.negated ? `NOT coalesce(${condition.sql}, 0)` : condition.sql);
    params.push(...condition.params);
  }
  let from = `${live} o`;
  if (positive.length > 0) {
    from = `objects_search JOIN ${live} o ON o.row = objects_search.rowid`;
    where.unshift('objects_search MATCH ?');
    params.unshift(positive.map(ftsTerm).join(' AND '));
  }
  const nameTerm = positive.find((term) => term.column === undefined);
  const order = orderBy(view, nameTerm);
  return { from, where, params, orderBy: order.sql, orderParams: order.params, warnings: parsed.warnings };
}

function compilePart(part: QueryPart, live: string): { sql: string; params: unknown[] } {
  if (part.type === 'text')
    return { sql: 'o.row IN (SELECT rowid FROM objects_search WHERE objects_search MATCH ?)', params: [ftsTerm(part)] };
  if (part.type === 'number') return { sql: `${numericColumns[part.field]} ${part.comparison} ?`, params: [part.value] };
  const target = matchTargets[part.field];
  const conditions = part.values.flatMap((value) => target.expressions.map((expression) => matchOne(target, expression, value)));
  const anyOf = conditions.map((condition) => condition.sql).join(' OR ');
  return { sql: target.wrap ? target.wrap(anyOf, live) : `(${anyOf})`, params: conditions.map((condition) => condition.param) };
}

/** A wildcard pattern (`*`, `?`) as a LIKE pattern, everything else literal. */
function like(pattern: string): string {
  return pattern
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replaceAll('*', '%')
    .replaceAll('?', '_');
}

/** A term as FTS5 syntax: a quoted string (tokenized like the index), a prefix unless quoted by the user. */
function ftsTerm(term: TextTerm): string {
  const quoted = `"${term.text.replaceAll('"', '""')}"${term.phrase ? '' : '*'}`;
  return term.column ? `${term.column} : ${quoted}` : quoted;
}

/**
 * A chosen column sorts (SQLite order: empty values first ascending, last descending), with
 * the row number as tie-break so that indexes on (kind, column) serve the sort; otherwise text
 * ranks: a name equal to the first word, then names starting with it, then bm25; else by name.
 */
function orderBy(view: ViewSpec, nameTerm: TextTerm | undefined): { sql: string; params: unknown[] } {
  const direction = view.direction === 'desc' ? 'DESC' : 'ASC';
  const byName = 'o.name COLLATE NOCASE, o.row';
  if (view.sort) {
    const [column] = resolveColumns([view.sort]);
    return { sql: `${column?.sortSql ?? 'o.name'} ${direction}, o.row ${direction}`, params: [] };
  }
  if (!nameTerm) return { sql: byName, params: [] };
  const exact = like(nameTerm.text);
  return {
    sql: `CASE WHEN o.name LIKE ? ESCAPE '\\' THEN 0 WHEN o.name LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END, ${rank}, ${byName}`,
    params: [exact, `${exact}%`],
  };
}

interface SummaryRecord extends SummaryColumns {
  row: number;
  runs_on: string | null;
}

function toSummary(record: SummaryRecord): ObjectSummary {
  const summary: ObjectSummary = summaryFromColumns(record);
  if (record.runs_on !== null) summary.runsOn = record.runs_on;
  return summary;
}

/**
 * One page of a view, ranked or sorted, with the total count for the pager. The page's rows
 * are chosen first by row number (the sorter then holds only the sort key), then read whole.
 */
export function searchView(db: Database.Database, view: ViewSpec, page: { limit: number; offset: number }): SearchResult {
  return db.transaction(() => searchInSnapshot(db, view, page))();
}

/** Runs inside one read transaction, so the visibility check and the query see the same data. */
function searchInSnapshot(db: Database.Database, view: ViewSpec, page: { limit: number; offset: number }): SearchResult {
  const compiled = compileView(view, db);
  const limit = Math.max(0, Math.min(page.limit, 1_000));
  const offset = Math.max(0, page.offset);
  const rowNumbers = selectRowNumbers(db, compiled, 'LIMIT ? OFFSET ?', [limit, offset]);
  const total =
    rowNumbers.length < limit && (rowNumbers.length > 0 || offset === 0)
      ? offset + rowNumbers.length
      : (db
          .prepare(`SELECT count(*) FROM ${compiled.from} ${whereClause(compiled)}`)
          .pluck()
          .get(...compiled.params) as number);
  return { rows: summariesOfRows(db, rowNumbers), total, warnings: compiled.warnings };
}

/** The rows of a whole view, in order, as row numbers: exports then read them in chunks. */
export function viewRowNumbers(db: Database.Database, view: ViewSpec): number[] {
  return db.transaction(() => selectRowNumbers(db, compileView(view, db), '', []))();
}

function whereClause(compiled: CompiledView): string {
  return compiled.where.length > 0 ? `WHERE ${compiled.where.join(' AND ')}` : '';
}

function selectRowNumbers(db: Database.Database, compiled: CompiledView, limitClause: string, limitParams: unknown[]): number[] {
  const select = compiled.orderBy.includes('runs_on') ? `o.row, ${runsOnColumn}` : 'o.row';
  const from = compiled.orderBy.includes('b.facts') ? `${compiled.from} JOIN object_bodies b ON b.row = o.row` : compiled.from;
  const sql = `SELECT ${select} FROM ${from} ${whereClause(compiled)} ORDER BY ${compiled.orderBy} ${limitClause}`;
  const records = db.prepare(sql).all(...compiled.params, ...compiled.orderParams, ...limitParams) as { row: number }[];
  return records.map((record) => record.row);
}

/** Summaries of these rows, in the order given (rows no longer stored are skipped). */
export function summariesOfRows(db: Database.Database, rows: readonly number[]): ObjectSummary[] {
  if (rows.length === 0) return [];
  const records = db
    .prepare(
      `SELECT ${summaryColumns} FROM objects o JOIN object_bodies b ON b.row = o.row WHERE o.row IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(rows)) as SummaryRecord[];
  const byRow = new Map(records.map((record) => [record.row, record]));
  return rows.flatMap((row) => {
    const record = byRow.get(row);
    return record ? [toSummary(record)] : [];
  });
}
