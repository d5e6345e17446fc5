import { platformKinds, platformLabels } from '../../common/model/platform';
import type { AppState } from '../state/app.svelte';
import { inventoryCommands } from '../features/inventory/inventory-commands';

export interface PaletteCommand {
  id: string;
  title: string;
  /** Shown on the right, e.g. the group. */
  hint: string;
  run(): void;
}

/** The palette's commands for the current state. Later features add their own here. */
export function paletteCommands(app: AppState): PaletteCommand[] {
  const commands: PaletteCommand[] = platformKinds.map((kind) => ({
    id: `add-${kind}`,
    title: `Add ${platformLabels[kind]} connection`,
    hint: 'Connections',
    run: () => app.openNewConnection(kind),
  }));
  for (const connection of app.connections.list) {
    commands.push({
      id: `open-${connection.id}`,
      title: `Open connection: ${connection.name}`,
      hint: platformLabels[connection.kind],
      run: () => app.openConnection(connection.id),
    });
  }
  commands.push({ id: 'overview', title: 'Go to overview', hint: 'Navigation', run: () => (app.tabs.activeId = 'home') });
  commands.push(...inventoryCommands(app));
  if (app.vault.status && app.vault.status.state !== 'unlocked') {
    commands.push({ id: 'unlock', title: 'Unlock stored secrets', hint: 'Security', run: () => app.vault.requestUnlock() });
  }
  return commands;
}

/** Every word of the query must appear in the title (case-insensitive), in any order. */
export function matchCommands(commands: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((command) => {
    const title = command.title.toLowerCase();
    return words.every((word) => title.includes(word));
  });
}
