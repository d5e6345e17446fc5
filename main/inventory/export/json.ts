import type { Writable } from 'node:stream';
import { resolveColumns } from '../columns';
import type { InventoryStore } from '../inventory-store';
import type { ViewSpec } from '../model';
import { finish, write } from './output';

/** Streams a view as a JSON array of records keyed by column; ends `out`. Returns the row count; on failure `out` is destroyed. */
export async function exportJson(
  store: InventoryStore,
  view: ViewSpec,
  columnKeys: readonly string[],
  out: Writable,
  signal?: AbortSignal,
): Promise<number> {
  try {
    const columns = resolveColumns(columnKeys);
    let rows = 0;
    await write(out, '[');
    for await (const chunk of store.viewChunks(view)) {
      signal?.throwIfAborted();
      if (chunk.length === 0) continue;
      const records = chunk.map((object) =>
        JSON.stringify(Object.fromEntries(columns.map((column) => [column.key, column.value(object) ?? null]))),
      );
      await write(out, `${rows === 0 ? '\n' : ',\n'}${records.join(',\n')}`);
      rows += chunk.length;
    }
    await write(out, rows === 0 ? ']\n' : '\n]\n');
    await finish(out);
    return rows;
  } catch (error) {
    out.destroy();
    throw error;
  }
}
