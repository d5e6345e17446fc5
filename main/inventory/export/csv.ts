import type { Writable } from 'node:stream';
import { resolveColumns, type CellValue } from '../columns';
import type { InventoryStore } from '../inventory-store';
import type { ViewSpec } from '../model';
import { finish, write } from './output';

/** Characters that make a spreadsheet read a cell as a formula (CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

/** One CSV field per RFC 4180, with text that a spreadsheet would run as a formula defused by a leading quote. */
export function csvField(value: CellValue): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRecord(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Streams a view (a search or a kind table) as CSV with the given columns; ends `out`. Returns the row count; on failure `out` is destroyed. */
export async function exportCsv(
  store: InventoryStore,
  view: ViewSpec,
  columnKeys: readonly string[],
  out: Writable,
  signal?: AbortSignal,
): Promise<number> {
  try {
    const columns = resolveColumns(columnKeys);
    let rows = 0;
    await write(out, csvRecord(columns.map((column) => column.label)));
    for await (const chunk of store.viewChunks(view)) {
      signal?.throwIfAborted();
      await write(out, chunk.map((object) => csvRecord(columns.map((column) => column.value(object)))).join(''));
      rows += chunk.length;
    }
    await finish(out);
    return rows;
  } catch (error) {
    out.destroy();
    throw error;
  }
}
