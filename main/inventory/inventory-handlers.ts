import { PassThrough } from 'node:stream';
import type { ExportFormat, ExportedFile } from '../../common/contract/inventory';
import type { ViewSpec } from '../../common/model/inventory-views';
import type { Handlers } from '../host/dispatcher';
import { defaultColumnKeys } from './columns';
import { exportCsv } from './export/csv';
import { exportJson } from './export/json';
import { exportXlsx } from './export/xlsx';
import type { InventoryStore } from './inventory-store';

type InventoryHandlers = Pick<
  Handlers,
  | 'inventory.connections'
  | 'inventory.counts'
  | 'inventory.children'
  | 'inventory.query'
  | 'inventory.object'
  | 'inventory.history'
  | 'inventory.syncRuns'
  | 'inventory.diff'
  | 'inventory.export'
>;

export function inventoryHandlers(store: InventoryStore): InventoryHandlers {
  return {
    'inventory.connections': () => store.connections(),
    'inventory.counts': ({ connectionId }) => store.counts(connectionId),
    'inventory.children': ({ connectionId, parentId, offset, limit }) =>
      store.children(parentId === undefined ? { connectionId, offset, limit } : { connectionId, parentId, offset, limit }),
    'inventory.query': ({ view, offset, limit }) => store.search(view, { offset, limit }),
    'inventory.object': ({ id }) => store.object(id) ?? null,
    'inventory.history': ({ id, limit }) => store.objectHistory(id, limit),
    'inventory.syncRuns': ({ connectionId }) => store.syncRuns(connectionId),
    'inventory.diff': (request) => store.diff(request),
    'inventory.export': ({ format, view, columns }) => exportView(store, format, view, columns ?? [...defaultColumnKeys]),
  };
}

const mimeTypes: Record<ExportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Writes an export into memory for the renderer to download (the CLI streams to a file instead). */
export async function exportView(
  store: InventoryStore,
  format: ExportFormat,
  view: ViewSpec,
  columns: readonly string[],
): Promise<ExportedFile> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => sink.on('end', resolve));
  let rows: number;
  if (format === 'xlsx') {
    const result = await exportXlsx(store, sink, view.connectionId === undefined ? {} : { connectionId: view.connectionId });
    rows = result.sheets.reduce((sum, sheet) => sum + sheet.rows, 0);
  } else {
    rows = await (format === 'csv' ? exportCsv : exportJson)(store, view, columns, sink);
  }
  if (!sink.writableEnded) sink.end();
  await done;
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return {
    fileName: `skydeck-inventory-${stamp}.${format}`,
    mimeType: mimeTypes[format],
    base64: Buffer.concat(chunks).toString('base64'),
    rows,
  };
}
