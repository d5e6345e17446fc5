import type { ExportFormat } from '../../common/contract/inventory';
import type { SkydeckApi } from '../../common/contract/index';
import type { ObjectKind } from '../../common/model/inventory';
import type { ConnectionInventory, KindCount, SyncRun, ViewSpec } from '../../common/model/inventory-views';
import { saveFile } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { countOf } from '../lib/format';
import { inventoryRoots, type InventoryRoot } from '../lib/inventory-roots';
import type { ConnectionsState } from './connections.svelte';
import { ChangesState } from './inventory-changes.svelte';
import { InventoryTable } from './inventory-table.svelte';
import { connectionKey, InventoryTree } from './inventory-tree.svelte';
import { SavedViews } from './inventory-views.svelte';

/** What the detail pane shows. */
export type DetailFocus = { type: 'object'; id: string } | { type: 'connection'; connectionId: string };

export interface Notice {
  text: string;
  tone: 'info' | 'error';
}

const noticeMs = 10_000;
const ageTickMs = 30_000;

/**
 * The renderer's view of the offline inventory: which connections have data and how old
 * it is, the tree, the table, the Changes tab, what the detail pane shows, and the
 * commands that act on it (sync now, export, the demo lab). Host events keep it current.
 */
export class InventoryState {
  stored = $state.raw<ConnectionInventory[]>([]);
  counts = $state.raw<KindCount[]>([]);
  loaded = $state(false);
  loadError = $state<string | undefined>(undefined);
  /** The clock ages are computed against; ticks so that "3 min ago" does not freeze. */
  now = $state(Date.now());
  focus = $state.raw<DetailFocus | undefined>(undefined);
  /** Where the detail pane has been, for its Back button. */
  trail = $state.raw<DetailFocus[]>([]);
  notice = $state.raw<Notice | undefined>(undefined);
  readonly tree: InventoryTree;
  readonly table: InventoryTable;
  readonly changes: ChangesState;
  readonly savedViews = new SavedViews();
  readonly #api: SkydeckApi;
  readonly #connections: ConnectionsState;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Connections synced since the last refresh (bookkeeping, not shown). */
  #syncedConnections: string[] = [];

  constructor(api: SkydeckApi, connections: ConnectionsState) {
    this.#api = api;
    this.#connections = connections;
    this.tree = new InventoryTree(api);
    this.table = new InventoryTable(api);
    this.changes = new ChangesState(api);
    api.subscribe('inventory.synced', (run) => this.#onSynced(run));
    setInterval(() => (this.now = Date.now()), ageTickMs);
  }

  /** Every connection with data or configured, by name, with how fresh its data is. */
  readonly roots: InventoryRoot[] = $derived.by(() =>
    inventoryRoots(this.stored, this.#connections.list, this.#connections.statuses, this.now),
  );

  async load(): Promise<void> {
    try {
      const [stored, counts] = await Promise.all([this.#api.invoke('inventory.connections', {}), this.#api.invoke('inventory.counts', {})]);
      this.stored = stored;
      this.counts = counts;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    } finally {
      this.loaded = true;
    }
  }

  root(connectionId: string): InventoryRoot | undefined {
    return this.roots.find((root) => root.connectionId === connectionId);
  }

  connectionName(connectionId: string): string {
    return this.root(connectionId)?.name ?? connectionId;
  }

  /** Objects of one kind, in one connection or in all. */
  count(kind: ObjectKind, connectionId?: string): number {
    return this.counts.reduce(
      (sum, row) => (row.kind === kind && (!connectionId || row.connectionId === connectionId) ? sum + row.count : sum),
      0,
    );
  }

  /** Shows an object or a connection in the detail pane (Back returns to the one before). */
  show(focus: DetailFocus): void {
    if (this.focus && !sameFocus(this.focus, focus)) this.trail = [...this.trail.slice(-49), this.focus];
    this.focus = focus;
    this.tree.selected = focus.type === 'object' ? focus.id : connectionKey(focus.connectionId);
  }

  back(): void {
    const previous = this.trail.at(-1);
    if (!previous) return;
    this.trail = this.trail.slice(0, -1);
    this.focus = previous;
    this.tree.selected = previous.type === 'object' ? previous.id : connectionKey(previous.connectionId);
  }

  closeDetail(): void {
    this.focus = undefined;
    this.trail = [];
  }

  say(text: string, tone: Notice['tone'] = 'info'): void {
    clearTimeout(this.#noticeTimer);
    this.notice = { text, tone };
    this.#noticeTimer = setTimeout(() => (this.notice = undefined), noticeMs);
  }

  async syncNow(connectionId: string): Promise<void> {
    const name = this.connectionName(connectionId);
    this.say(`Syncing ${name}…`);
    try {
      const run = await this.#api.invoke('sync.now', { connectionId });
      if (run.outcome === 'ok') {
        const { added, removed, changed, total } = run.counts;
        this.say(`Synced ${name}: ${countOf(total, 'object')} (${added} added, ${removed} removed, ${changed} changed).`);
      } else {
        this.say(
          `The sync of ${name} ${run.outcome === 'cancelled' ? 'was cancelled' : `failed: ${run.error?.message ?? 'no reason given'}`}`,
          'error',
        );
      }
    } catch (error) {
      this.say(`Could not sync ${name}: ${errorMessage(error)}`, 'error');
    }
  }

  /** Exports a view to a file the browser downloads (CSV/JSON: the view's rows and columns; XLSX: every kind). */
  async export(format: ExportFormat, view: ViewSpec, columns?: string[]): Promise<void> {
    this.say(`Preparing the ${format.toUpperCase()} export…`);
    try {
      const file = await this.#api.invoke('inventory.export', { format, view, ...(columns ? { columns } : {}) });
      saveFile(file);
      this.say(`Exported ${countOf(file.rows, 'row')} to ${file.fileName}.`);
    } catch (error) {
      this.say(`The export failed: ${errorMessage(error)}`, 'error');
    }
  }

  async openDemoLab(): Promise<void> {
    this.say('Starting the demo lab…');
    try {
      const connections = await this.#api.invoke('demo.open', {});
      this.say(`The demo lab is open: ${connections.map((c) => c.name).join(', ')}. Its first sync is running.`);
    } catch (error) {
      this.say(`The demo lab did not open: ${errorMessage(error)}`, 'error');
    }
  }

  /** Stops the simulators; their connections stay, with their last inventory, offline. */
  async closeDemoLab(): Promise<void> {
    try {
      await this.#api.invoke('demo.close', {});
      this.say('The demo lab is stopped; its inventory stays, offline.');
    } catch (error) {
      this.say(`The demo lab did not stop: ${errorMessage(error)}`, 'error');
    }
  }

  /** A sync finished: refresh what shows that connection's data (batched: watches send many). */
  #onSynced(run: SyncRun): void {
    if (!this.#syncedConnections.includes(run.connectionId)) this.#syncedConnections.push(run.connectionId);
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => {
      const connections = this.#syncedConnections;
      this.#syncedConnections = [];
      void this.load();
      for (const connectionId of connections) this.tree.refresh(connectionId);
      if (!this.table.connectionId || connections.includes(this.table.connectionId)) this.table.refresh();
      if (this.changes.connectionId && connections.includes(this.changes.connectionId)) void this.changes.reloadRuns();
    }, 300);
  }
}

function sameFocus(a: DetailFocus, b: DetailFocus): boolean {
  return a.type === 'object' && b.type === 'object'
    ? a.id === b.id
    : a.type === 'connection' && b.type === 'connection' && a.connectionId === b.connectionId;
}
