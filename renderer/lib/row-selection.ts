import type { RowRange } from './virtual-window';

/** Selected rows of a table, by id (so a selection survives re-sorting), and the row shift-click spans from. */
export interface RowSelection {
  ids: ReadonlySet<string>;
  anchor: number | undefined;
}

export const noSelection: RowSelection = { ids: new Set(), anchor: undefined };

export interface RowClick {
  index: number;
  id: string;
  /** Shift: select the span from the anchor to this row. */
  shift: boolean;
  /** Ctrl (⌘ on a Mac): add or remove this row, or add the span, keeping the rest. */
  toggle: boolean;
}

/** The rows whose ids a click needs: the span from the anchor for shift-click, else the clicked row. */
export function clickSpan(selection: RowSelection, click: RowClick): RowRange {
  if (!click.shift || selection.anchor === undefined) return { start: click.index, end: click.index + 1 };
  return { start: Math.min(selection.anchor, click.index), end: Math.max(selection.anchor, click.index) + 1 };
}

/** The selection after a click, given the ids of the rows in its span (see clickSpan). */
export function selectAfterClick(selection: RowSelection, click: RowClick, spanIds: readonly string[]): RowSelection {
  if (click.shift && selection.anchor !== undefined) {
    const ids = click.toggle ? new Set([...selection.ids, ...spanIds]) : new Set(spanIds);
    return { ids, anchor: selection.anchor };
  }
  if (click.toggle) {
    const ids = new Set(selection.ids);
    if (ids.has(click.id)) ids.delete(click.id);
    else ids.add(click.id);
    return { ids, anchor: click.index };
  }
  return { ids: new Set([click.id]), anchor: click.index };
}
