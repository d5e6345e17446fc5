import type { ExportFormat } from '../../../common/contract/inventory';
import type { ObjectKind } from '../../../common/model/inventory';
import type { PaletteCommand } from '../../app/palette-commands';
import { kindNames } from '../../lib/object-kinds';
import type { AppState } from '../../state/app.svelte';

const tableKinds: ObjectKind[] = ['vm', 'host', 'storage', 'network'];

/** The palette's inventory commands: open the table, sync, show changes, export, the demo lab. */
export function inventoryCommands(app: AppState): PaletteCommand[] {
  const inventory = app.inventory;
  const commands: PaletteCommand[] = tableKinds.map((kind) => ({
    id: `table-${kind}`,
    title: `Show ${kindNames[kind].many.toLowerCase()} in the inventory table`,
    hint: 'Inventory',
    run: () => {
      inventory.table.setKind(kind);
      app.openInventory();
    },
  }));
  for (const root of inventory.roots) {
    if (root.configured) {
      commands.push({
        id: `sync-${root.connectionId}`,
        title: `Sync now: ${root.name}`,
        hint: 'Inventory',
        run: () => void inventory.syncNow(root.connectionId),
      });
    }
    commands.push({
      id: `changes-${root.connectionId}`,
      title: `Show changes: ${root.name}`,
      hint: 'Inventory',
      run: () => app.openChanges(root.connectionId),
    });
  }
  const exportCommand = (format: ExportFormat, what: string, run: () => void): PaletteCommand => ({
    id: `export-${format}`,
    title: `Export inventory as ${format.toUpperCase()}`,
    hint: what,
    run,
  });
  commands.push(
    exportCommand('xlsx', 'Every connection, one sheet per kind', () => void inventory.export('xlsx', {})),
    exportCommand(
      'csv',
      'The inventory table’s view',
      () => void inventory.export('csv', inventory.table.view, [...inventory.table.columns]),
    ),
    exportCommand(
      'json',
      'The inventory table’s view',
      () => void inventory.export('json', inventory.table.view, [...inventory.table.columns]),
    ),
  );
  if (app.host.info?.demoLabAvailable) {
    commands.push({
      id: 'demo-lab',
      title: 'Open the demo lab',
      hint: 'Simulated clusters on this machine',
      run: () => void inventory.openDemoLab(),
    });
    if (app.connections.list.some((connection) => connection.demo)) {
      commands.push({
        id: 'demo-lab-stop',
        title: 'Stop the demo lab',
        hint: 'Its inventory stays, offline',
        run: () => void inventory.closeDemoLab(),
      });
    }
  }
  return commands;
}
