import type { Result, SkydeckApi } from '../../common/contract/index';
import type { ObjectKind } from '../../common/model/inventory';
import type { ObjectSummary, SortDirection, ViewSpec } from '../../common/model/inventory-views';
import { errorMessage } from '../lib/errors';
import { emptyMap, keepEntries, withEntry } from '../lib/immutable';
import { defaultColumns, defaultWidth, minColumnWidth } from '../lib/inventory-layout';
import { clickSpan, noSelection, selectAfterClick, type RowClick, type RowSelection } from '../lib/row-selection';
import { pagesOf, type RowRange } from '../lib/virtual-window';

export const tablePageSize = 200;
/** Pages kept around the rows in view; farther ones are dropped (50,000 rows never sit in memory). */
const keptPagesEachSide = 8;
/**
 * Page requests at a time. When a request ends, the next one is for what is in view then:
 * a fast scroll never leaves a queue of pages it has long passed.
 */
const maxInFlight = 2;

/** What a table shows, apart from its rows: the part a saved view keeps. */
export interface TableSetup {
  kind: ObjectKind | undefined;
  connectionId: string | undefined;
  query: string;
  columns: string[];
  widths: Record<string, number>;
  sort: string | undefined;
  direction: SortDirection;
}

/**
 * The inventory table: a view (kind, connection, query, sort) and the pages of its rows the
 * host has sent, fetched 200 at a time as the user scrolls. Only pages near the visible rows
 * are kept; every answer carries its view's generation so that a late page of an old view is dropped.
 */
export class InventoryTable {
  kind = $state<ObjectKind | undefined>('vm');
  connectionId = $state<string | undefined>(undefined);
  query = $state('');
  sort = $state<string | undefined>(undefined);
  direction = $state<SortDirection>('asc');
  columns = $state.raw<string[]>(defaultColumns('vm'));
  widths = $state.raw<Record<string, number>>({});
  total = $state(0);
  /** True until the first page of the current view has arrived. */
  loading = $state(true);
  warnings = $state.raw<string[]>([]);
  error = $state<string | undefined>(undefined);
  pages = $state.raw<ReadonlyMap<number, ObjectSummary[]>>(emptyMap());
  selection = $state.raw<RowSelection>(noSelection);
  /** Where the list was scrolled, so that coming back to the tab finds the same rows. */
  scrollTop = $state(0);
  /** Increases with every new view; the list scrolls to the top when it changes. */
  viewVersion = $state(0);
  readonly #api: SkydeckApi;
  /** Column choices per kind, so switching kinds and back keeps them. */
  #layouts: Partial<Record<ObjectKind | 'all', { columns: string[]; widths: Record<string, number> }>> = {};
  #generation = 0;
  /** Pages asked for and not answered yet, and pages shown that a refresh asks for again (bookkeeping, not shown). */
  #inFlight: number[] = [];
  #outdated: number[] = [];
  #visible: RowRange = { start: 0, end: 50 };
  #started = false;

  constructor(api: SkydeckApi) {
    this.#api = api;
  }

  get view(): ViewSpec {
    const view: ViewSpec = {};
    if (this.query.trim()) view.query = this.query.trim();
    if (this.kind) view.kind = this.kind;
    if (this.connectionId) view.connectionId = this.connectionId;
    if (this.sort) {
      view.sort = this.sort;
      view.direction = this.direction;
    }
    return view;
  }

  get setup(): TableSetup {
    return {
      kind: this.kind,
      connectionId: this.connectionId,
      query: this.query,
      columns: this.columns,
      widths: this.widths,
      sort: this.sort,
      direction: this.direction,
    };
  }

  /** Loads the first rows once (the table keeps its state across tab switches). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.reload();
  }

  width(key: string): number {
    return this.widths[key] ?? defaultWidth(key);
  }

  setKind(kind: ObjectKind | undefined): void {
    if (kind === this.kind) return;
    this.#layouts[this.kind ?? 'all'] = { columns: this.columns, widths: this.widths };
    const layout = this.#layouts[kind ?? 'all'];
    this.kind = kind;
    this.columns = layout?.columns ?? defaultColumns(kind);
    this.widths = layout?.widths ?? {};
    if (this.sort && !this.columns.includes(this.sort)) this.sort = undefined;
    this.reload();
  }

  setConnection(connectionId: string | undefined): void {
    if (connectionId === this.connectionId) return;
    this.connectionId = connectionId;
    this.reload();
  }

  setQuery(query: string): void {
    if (query === this.query) return;
    this.query = query;
    this.reload();
  }

  /** A header click: sort by that column, or turn the order round when it already sorts. */
  sortBy(key: string): void {
    if (this.sort === key) this.direction = this.direction === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      this.direction = 'asc';
    }
    this.reload();
  }

  setColumns(columns: string[]): void {
    this.columns = columns.length > 0 ? columns : ['name'];
  }

  resize(key: string, width: number): void {
    this.widths = { ...this.widths, [key]: Math.max(minColumnWidth, Math.round(width)) };
  }

  /** Applies a saved view (or any setup) as a whole. */
  apply(setup: TableSetup): void {
    this.kind = setup.kind;
    this.connectionId = setup.connectionId;
    this.query = setup.query;
    this.columns = setup.columns.length > 0 ? [...setup.columns] : defaultColumns(setup.kind);
    this.widths = { ...setup.widths };
    this.sort = setup.sort;
    this.direction = setup.direction;
    this.reload();
  }

  rowAt(index: number): ObjectSummary | undefined {
    return this.pages.get(Math.floor(index / tablePageSize))?.[index % tablePageSize];
  }

  /** Starts over: a new view, from its first page. */
  reload(): void {
    this.#generation += 1;
    this.#inFlight = [];
    this.#outdated = [];
    this.pages = emptyMap();
    this.selection = noSelection;
    this.loading = true;
    this.error = undefined;
    this.scrollTop = 0;
    this.viewVersion += 1;
    this.#visible = { start: 0, end: 50 };
    this.#pump();
  }

  /** The same view again (after a sync): the rows in view are fetched anew, the rest dropped. */
  refresh(): void {
    this.#generation += 1;
    this.#inFlight = [];
    const wanted = pagesOf(this.#visible, tablePageSize);
    this.pages = keepEntries(this.pages, (page) => wanted.includes(page));
    this.#outdated = wanted.length > 0 ? wanted : [0];
    this.#pump();
  }

  /** The list shows these rows now: fetch the pages they need, forget far ones. */
  show(range: RowRange): void {
    this.#visible = range;
    const wanted = pagesOf(range, tablePageSize);
    this.#pump();
    const first = (wanted[0] ?? 0) - keptPagesEachSide;
    const last = (wanted.at(-1) ?? 0) + keptPagesEachSide;
    if ([...this.pages.keys()].some((page) => page < first || page > last)) {
      this.pages = keepEntries(this.pages, (page) => page >= first && page <= last);
    }
  }

  /** A click on row `index` (its object `id`), with the modifier keys held. */
  async click(click: RowClick): Promise<void> {
    const span = clickSpan(this.selection, click);
    const generation = this.#generation;
    const ids = await this.#idsIn(span);
    if (generation !== this.#generation) return;
    this.selection = selectAfterClick(this.selection, click, ids);
  }

  clearSelection(): void {
    this.selection = noSelection;
  }

  /** Ids of the rows in a range, fetching the pages that are not loaded (a long shift-click span). */
  async #idsIn(range: RowRange): Promise<string[]> {
    const ids: string[] = [];
    for (const page of pagesOf(range, tablePageSize)) {
      const rows = this.pages.get(page) ?? (await this.#query(page * tablePageSize, tablePageSize)).rows;
      rows.forEach((row, offset) => {
        const index = page * tablePageSize + offset;
        if (index >= range.start && index < range.end) ids.push(row.id);
      });
    }
    return ids;
  }

  #query(offset: number, limit: number): Promise<Result<'inventory.query'>> {
    return this.#api.invoke('inventory.query', { view: this.view, offset, limit });
  }

  /** Asks for the pages in view that are missing (or outdated), at most `maxInFlight` at a time. */
  #pump(): void {
    for (const page of pagesOf(this.#visible, tablePageSize)) {
      if (this.#inFlight.length >= maxInFlight) return;
      const needed = !this.pages.has(page) || this.#outdated.includes(page);
      if (needed && !this.#inFlight.includes(page)) void this.#fetch(page, this.#generation);
    }
  }

  async #fetch(page: number, generation: number): Promise<void> {
    this.#inFlight.push(page);
    let answered = false;
    try {
      const result = await this.#query(page * tablePageSize, tablePageSize);
      if (generation !== this.#generation) return;
      this.pages = withEntry(this.pages, page, result.rows);
      this.#outdated = this.#outdated.filter((one) => one !== page);
      this.total = result.total;
      this.warnings = result.warnings;
      this.error = undefined;
      answered = true;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) {
        this.#inFlight = this.#inFlight.filter((one) => one !== page);
        this.loading = false;
        // After a failure, wait for the next scroll or view rather than asking again at once.
        if (answered) this.#pump();
      }
    }
  }
}
