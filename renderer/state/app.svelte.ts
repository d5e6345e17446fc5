import type { PlatformKind } from '../../common/model/platform';
import { platformLabels } from '../../common/model/platform';
import { ConnectionsState } from './connections.svelte';
import { HostState } from './host.svelte';
import { InventoryState } from './inventory.svelte';
import { TabsState } from './tabs.svelte';
import { VaultState } from './vault.svelte';

/** The renderer's state, created once at start and passed down through context. */
export class AppState {
  readonly host = new HostState();
  readonly connections = new ConnectionsState(this.host.api);
  readonly vault = new VaultState(this.host.api);
  readonly tabs = new TabsState();
  readonly inventory = new InventoryState(this.host.api, this.connections);
  paletteOpen = $state(false);
  startupError = $state<string | undefined>(undefined);

  async load(): Promise<void> {
    await Promise.all([this.host.load(), this.connections.load(), this.vault.load(), this.inventory.load()]);
  }

  openNewConnection(kind: PlatformKind): void {
    this.tabs.open({ id: `new-${kind}`, title: `New ${platformLabels[kind]} connection`, content: { view: 'new-connection', kind } });
  }

  openConnection(connectionId: string): void {
    const config = this.connections.byId(connectionId);
    this.tabs.open({
      id: `connection-${connectionId}`,
      title: config?.name ?? connectionId,
      content: { view: 'connection', connectionId },
    });
  }

  openInventory(): void {
    this.tabs.open({ id: 'inventory', title: 'Inventory', content: { view: 'inventory' } });
  }

  /** Opens an object in the inventory's detail pane (and selects it in the tree if it is loaded there). */
  showObject(id: string): void {
    this.inventory.show({ type: 'object', id });
    this.openInventory();
  }

  showConnectionInventory(connectionId: string): void {
    this.inventory.show({ type: 'connection', connectionId });
    this.openInventory();
  }

  openChanges(connectionId?: string): void {
    this.tabs.open({ id: 'changes', title: 'Changes', content: { view: 'changes' } });
    const chosen = connectionId ?? this.inventory.changes.connectionId ?? this.inventory.roots[0]?.connectionId;
    if (chosen && chosen !== this.inventory.changes.connectionId) void this.inventory.changes.select(chosen);
  }
}
