import type { PlatformKind } from '../../common/model/platform';
import { platformLabels } from '../../common/model/platform';
import { ConnectionsState } from './connections.svelte';
import { HostState } from './host.svelte';
import { TabsState } from './tabs.svelte';
import { VaultState } from './vault.svelte';

/** The renderer's state, created once at start and passed down through context. */
export class AppState {
  readonly host = new HostState();
  readonly connections = new ConnectionsState(this.host.api);
  readonly vault = new VaultState(this.host.api);
  readonly tabs = new TabsState();
  paletteOpen = $state(false);
  startupError = $state<string | undefined>(undefined);

  async load(): Promise<void> {
    await Promise.all([this.host.load(), this.connections.load(), this.vault.load()]);
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
}
