import { columnDefinition } from '../../common/model/inventory-columns';
import { objectKinds, type ObjectKind } from '../../common/model/inventory';
import type { TableSetup } from './inventory-table.svelte';

export interface SavedView extends TableSetup {
  name: string;
}

/**
 * Saved table views (name, kind, connection, filter, columns, widths, sort), kept in the
 * renderer's localStorage. They are view definitions only — no object data, no secrets —
 * so the browser's storage is an acceptable home for them in both Electron and serve mode.
 */
const storageKey = 'skydeck.inventory.savedViews.v1';

export class SavedViews {
  list = $state.raw<SavedView[]>([]);
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    this.list = readViews(storage);
  }

  /** Saves under a name; a view of the same name is replaced. */
  save(view: SavedView): void {
    this.#write([...this.list.filter((one) => one.name !== view.name), view].sort((a, b) => a.name.localeCompare(b.name)));
  }

  remove(name: string): void {
    this.#write(this.list.filter((view) => view.name !== name));
  }

  #write(list: SavedView[]): void {
    this.list = list;
    this.#storage?.setItem(storageKey, JSON.stringify(list));
  }
}

/** What was stored, keeping only well-formed views (the storage is the user's to edit). */
function readViews(storage: Storage | undefined): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(storageKey) ?? '[]');
    return Array.isArray(parsed) ? parsed.flatMap((entry) => toView(entry) ?? []) : [];
  } catch {
    return [];
  }
}

function toView(entry: unknown): SavedView | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const record = entry as Record<string, unknown>;
  if (typeof record.name !== 'string' || !record.name.trim()) return undefined;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
  const kind = (objectKinds as readonly unknown[]).includes(record.kind) ? (record.kind as ObjectKind) : undefined;
  const columns = Array.isArray(record.columns)
    ? record.columns.filter((key): key is string => typeof key === 'string' && !!columnDefinition(key))
    : [];
  const widths = Object.fromEntries(
    Object.entries(record.widths && typeof record.widths === 'object' ? record.widths : {}).filter(
      ([key, width]) => !!columnDefinition(key) && typeof width === 'number' && width > 0,
    ),
  ) as Record<string, number>;
  const sort = text(record.sort);
  return {
    name: record.name,
    kind,
    connectionId: text(record.connectionId),
    query: text(record.query) ?? '',
    columns,
    widths,
    sort: sort && columnDefinition(sort) ? sort : undefined,
    direction: record.direction === 'desc' ? 'desc' : 'asc',
  };
}
