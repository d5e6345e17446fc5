import * as v from 'valibot';
import type { ConnectionConfig } from '../model/connection';
import { objectKinds } from '../model/inventory';
import type {
  ConnectionInventory,
  InventoryDiff,
  KindCount,
  ObjectChange,
  ObjectDetail,
  Page,
  SearchResult,
  SyncRun,
  TreeNode,
} from '../model/inventory-views';
import { event, method } from './define';
import { identifier, noParams } from './schemas';

const objectIdParam = v.pipe(v.string(), v.minLength(3), v.maxLength(1_000));
const offset = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0);
const limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000)), 200);

/** A view of the inventory: a query in the search language, narrowed and sorted. */
export const viewSpec = v.strictObject({
  query: v.optional(v.pipe(v.string(), v.maxLength(1_000))),
  kind: v.optional(v.picklist(objectKinds)),
  connectionId: v.optional(identifier),
  sort: v.optional(v.pipe(v.string(), v.maxLength(64))),
  direction: v.optional(v.picklist(['asc', 'desc'])),
});

export const exportFormats = ['csv', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  /** The file's bytes, base64 (the renderer hands them to the browser as a download). */
  base64: string;
  rows: number;
}

export const inventoryMethods = {
  'inventory.connections': method(noParams).returns<ConnectionInventory[]>(),
  'inventory.counts': method(v.strictObject({ connectionId: v.optional(identifier) })).returns<KindCount[]>(),
  'inventory.children': method(v.strictObject({ connectionId: identifier, parentId: v.optional(objectIdParam), offset, limit })).returns<
    Page<TreeNode>
  >(),
  'inventory.query': method(v.strictObject({ view: viewSpec, offset, limit })).returns<SearchResult>(),
  'inventory.object': method(v.strictObject({ id: objectIdParam })).returns<ObjectDetail | null>(),
  'inventory.history': method(
    v.strictObject({ id: objectIdParam, limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)), 20) }),
  ).returns<ObjectChange[]>(),
  'inventory.syncRuns': method(v.strictObject({ connectionId: identifier })).returns<SyncRun[]>(),
  'inventory.diff': method(
    v.strictObject({
      connectionId: identifier,
      fromSyncId: v.optional(v.pipe(v.number(), v.integer())),
      toSyncId: v.optional(v.pipe(v.number(), v.integer())),
      since: v.optional(v.pipe(v.string(), v.isoTimestamp())),
    }),
  ).returns<InventoryDiff>(),
  'inventory.export': method(
    v.strictObject({
      format: v.picklist(exportFormats),
      view: viewSpec,
      columns: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(64))),
    }),
  ).returns<ExportedFile>(),
  /** A full sync of one connection now. */
  'sync.now': method(v.strictObject({ connectionId: identifier })).returns<SyncRun>(),
  /** Starts the built-in simulators and adds a connection to each (again, on later starts). */
  'demo.open': method(noParams).returns<ConnectionConfig[]>(),
  /** Stops the simulators; their connections stay, with their last inventory (offline). */
  'demo.close': method(noParams).returns<void>(),
};

export const inventoryEvents = {
  /** A sync run of some connection finished (full or a watched change). */
  'inventory.synced': event<SyncRun>(),
};
