import type { SkydeckApi } from '../../common/contract/index';
import type { TreeNode } from '../../common/model/inventory-views';
import { errorMessage } from '../lib/errors';
import { emptyMap, emptySet, toggled, withEntry, withMember, withoutEntry, withoutMember } from '../lib/immutable';

/** The children of one tree node loaded so far (the tree loads a page at a time, on demand). */
export interface Branch {
  connectionId: string;
  /** Absent for the top of a connection. */
  parentId: string | undefined;
  rows: TreeNode[];
  total: number;
  loading: boolean;
  error: string | undefined;
}

export const treePageSize = 100;

/** The key of a connection's top node; other nodes are keyed by their object id. */
export const connectionKey = (connectionId: string): string => `connection:${connectionId}`;

/**
 * The sidebar tree: connection → site → cluster → host → VM, loaded lazily per expanded node
 * through `inventory.children`, a page at a time. Branches are replaced whole when a page
 * arrives, so the tree re-renders only what changed.
 */
export class InventoryTree {
  expanded = $state.raw<ReadonlySet<string>>(emptySet());
  branches = $state.raw<ReadonlyMap<string, Branch>>(emptyMap());
  /** The node shown in the detail pane (a connection key or an object id). */
  selected = $state<string | undefined>(undefined);
  readonly #api: SkydeckApi;

  constructor(api: SkydeckApi) {
    this.#api = api;
  }

  isExpanded(key: string): boolean {
    return this.expanded.has(key);
  }

  /** Opens or closes a node; its first page of children loads the first time it opens. */
  toggle(key: string, connectionId: string, parentId?: string): void {
    if (this.expanded.has(key)) {
      this.expanded = withoutMember(this.expanded, key);
      return;
    }
    this.expanded = withMember(this.expanded, key);
    if (!this.branches.has(key)) void this.#load(key, connectionId, parentId, 0, treePageSize);
  }

  /** Opens or closes a grouping folder ("Storage", "Networks") inside a loaded node. */
  toggleFolder(key: string): void {
    this.expanded = toggled(this.expanded, key);
  }

  loadMore(key: string): void {
    const branch = this.branches.get(key);
    if (!branch || branch.loading) return;
    void this.#load(key, branch.connectionId, branch.parentId, branch.rows.length, treePageSize);
  }

  /** Reloads what is open of one connection after a sync, as many rows as were shown. */
  refresh(connectionId: string): void {
    for (const [key, branch] of this.branches) {
      if (branch.connectionId !== connectionId) continue;
      if (!this.expanded.has(key)) {
        this.branches = withoutEntry(this.branches, key);
        continue;
      }
      const shown = Math.min(1_000, Math.max(treePageSize, branch.rows.length));
      void this.#load(key, connectionId, branch.parentId, 0, shown);
    }
  }

  async #load(key: string, connectionId: string, parentId: string | undefined, offset: number, limit: number): Promise<void> {
    const before = this.branches.get(key);
    this.#setBranch(key, { connectionId, parentId, rows: before?.rows ?? [], total: before?.total ?? 0, loading: true, error: undefined });
    try {
      const page = await this.#api.invoke(
        'inventory.children',
        parentId === undefined ? { connectionId, offset, limit } : { connectionId, parentId, offset, limit },
      );
      const current = this.branches.get(key)?.rows ?? [];
      const rows = offset === 0 ? page.rows : [...current.slice(0, offset), ...page.rows];
      this.#setBranch(key, { connectionId, parentId, rows, total: page.total, loading: false, error: undefined });
    } catch (error) {
      this.#setBranch(key, {
        connectionId,
        parentId,
        rows: before?.rows ?? [],
        total: before?.total ?? 0,
        loading: false,
        error: errorMessage(error),
      });
    }
  }

  #setBranch(key: string, branch: Branch): void {
    this.branches = withEntry(this.branches, key, branch);
  }
}
