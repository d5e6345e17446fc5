import type { SkydeckError } from '../errors/skydeck-error';
import type { InventoryObject, ObjectFacts, ObjectId, ObjectKind, ObjectState, Relation, RelationType } from './inventory';
import type { PlatformKind } from './platform';

/**
 * What the inventory store answers. Every shape here is plain data (JSON-safe) so it can
 * cross to the renderer over the contract unchanged.
 */

export type SyncOutcome = 'running' | 'ok' | 'failed' | 'cancelled';

export interface SyncCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Objects of the connection once the sync was committed. */
  total: number;
}

export interface SyncRun {
  id: number;
  connectionId: string;
  /** True for a full sync, false for a partial (watch) delta group. */
  full: boolean;
  startedAt: string;
  finishedAt?: string;
  outcome: SyncOutcome;
  counts: SyncCounts;
  notes: string[];
  cursor?: string;
  error?: SkydeckError;
}

/** The connection a sync writes for; the name is what `connection:` in search also matches. */
export interface SyncTarget {
  id: string;
  name: string;
  platform: PlatformKind;
}

/**
 * What the store knows about a connection's data. `live` and `unreachable` are the
 * connection service's to add; the store says whether it is syncing, fresh or stale.
 */
export type InventoryFreshnessLevel = 'never-synced' | 'syncing' | 'fresh' | 'stale';

export interface ConnectionInventory {
  connectionId: string;
  name: string;
  platform: PlatformKind;
  level: InventoryFreshnessLevel;
  /** End of the last successful full or partial sync. */
  lastSyncAt?: string;
  lastFullSyncAt?: string;
  /** The error of the last attempt when it failed after the last success. */
  lastError?: SkydeckError;
  objectCount: number;
}

export interface ObjectSummary {
  id: ObjectId;
  connectionId: string;
  platform: PlatformKind;
  kind: ObjectKind;
  nativeType: string;
  name: string;
  state: ObjectState;
  parentId?: ObjectId;
  /** Name of the host (or cluster) a VM runs on, resolved through its runs-on relation. */
  runsOn?: string;
  facts: ObjectFacts;
  relations: Relation[];
}

export interface RelationEnd {
  type: RelationType;
  via?: string;
  /** The object at the other end; it may be absent from the inventory (a dangling edge). */
  otherId: ObjectId;
  otherName?: string;
  otherKind?: ObjectKind;
}

export interface ObjectDetail {
  object: InventoryObject;
  parentName?: string;
  outgoing: RelationEnd[];
  incoming: RelationEnd[];
}

export interface TreeNode {
  id: ObjectId;
  kind: ObjectKind;
  name: string;
  state: ObjectState;
  childCount: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface KindCount {
  connectionId: string;
  kind: ObjectKind;
  count: number;
}

/** Why a field change matters to a sysadmin; `other` for everything else. */
export type ChangeCategory = 'power' | 'moved' | 'resized' | 'renamed' | 'other';

export interface FieldChange {
  /** `name`, `state`, `parentId`, `nativeType`, `facts.<key>` or `relations.<type>`. */
  field: string;
  category: ChangeCategory;
  oldValue: unknown;
  newValue: unknown;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One row of an object's history: what one sync did to it. */
export interface ObjectChange {
  syncId: number;
  at: string;
  change: ChangeKind;
  fields: FieldChange[];
}

/** One row of a diff between two syncs (one row per object; changed fields listed). */
export interface DiffRow {
  objectId: ObjectId;
  kind: ObjectKind;
  name: string;
  change: ChangeKind;
  fields: FieldChange[];
}

export interface InventoryDiff {
  connectionId: string;
  /** Absent when comparing against "nothing" (before the first sync). */
  from?: SyncRun;
  to?: SyncRun;
  rows: DiffRow[];
  totals: Record<ChangeKind, number>;
}

export type SortDirection = 'asc' | 'desc';

/** A view of the inventory: what the table, the search box and the exports all describe. */
export interface ViewSpec {
  /** Search text, in the query language of search/query-parser.ts. */
  query?: string;
  kind?: ObjectKind;
  connectionId?: string;
  /** A column key (see columns.ts); absent: by relevance when there is text, else by name. */
  sort?: string;
  direction?: SortDirection;
}

export interface SearchResult extends Page<ObjectSummary> {
  /** What the query parser could not use, said plainly (e.g. "unknown field 'colour'"). */
  warnings: string[];
}
