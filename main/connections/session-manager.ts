import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ConnectionConfig, ConnectionSecrets } from '../../common/model/connection';
import type { SyncRun } from '../../common/model/inventory-views';
import type { ProviderRegistry } from '../../backends/core/registry';
import type { EventHub } from '../host/event-hub';
import type { InventoryStore } from '../inventory/inventory-store';
import type { SyncEngine } from '../inventory/sync-engine';
import { ConnectionSession } from './connection-session';
import type { ConnectionService } from './connection-service';

export interface SessionManagerDeps {
  connections: ConnectionService;
  registry: ProviderRegistry;
  store: InventoryStore;
  engine: SyncEngine;
  events: EventHub;
  /** Secrets of connections that do not keep them in the vault (the demo lab's). */
  extraSecrets?: (config: ConnectionConfig) => ConnectionSecrets | undefined;
}

/**
 * The live side of the configured connections: one session each, started and stopped as
 * connections come and go, each reporting status and sync runs as host events.
 */
export class SessionManager {
  readonly #deps: SessionManagerDeps;
  readonly #live = new Map<string, ConnectionSession>();
  readonly #syncing = new Set<string>();

  constructor(deps: SessionManagerDeps) {
    this.#deps = deps;
  }

  /** Keeps every configured connection live in the background (the app and serve mode). */
  startAll(): void {
    for (const config of this.#deps.connections.list()) this.start(config);
    this.#deps.events.subscribe((event, payload) => {
      if (event !== 'connections.changed') return;
      const configs = payload as ConnectionConfig[];
      const wanted = new Map(configs.map((c) => [c.id, c]));
      for (const [id, session] of this.#live) {
        const current = wanted.get(id);
        if (!current || JSON.stringify(current) !== JSON.stringify(session.config)) void this.stop(id);
      }
      for (const config of configs) if (!this.#live.has(config.id)) this.start(config);
    });
  }

  start(config: ConnectionConfig): void {
    if (this.#live.has(config.id) || !this.#deps.registry.has(config.kind)) return;
    const session = this.#session(config);
    this.#live.set(config.id, session);
    session.start();
  }

  async stop(id: string): Promise<void> {
    const session = this.#live.get(id);
    this.#live.delete(id);
    await session?.stop();
  }

  /** One full sync now, whether or not the connection is live. */
  async syncNow(idOrName: string, signal: AbortSignal = new AbortController().signal): Promise<SyncRun> {
    const config = this.#deps.connections.get(idOrName);
    if (this.#syncing.has(config.id)) throw new SkydeckFailure('conflict', `${config.name} is already being synced.`);
    this.#syncing.add(config.id);
    try {
      return await this.#session(config).syncOnce(signal);
    } finally {
      this.#syncing.delete(config.id);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#live.keys()].map((id) => this.stop(id)));
  }

  #session(config: ConnectionConfig): ConnectionSession {
    return new ConnectionSession(config, {
      registry: this.#deps.registry,
      store: this.#deps.store,
      engine: this.#deps.engine,
      secrets: (c) => this.#deps.extraSecrets?.(c) ?? this.#deps.connections.secrets(c),
      onStatus: (level, message) => this.#deps.connections.setStatus(config.id, level, message),
      onRun: (run) => this.#deps.events.emit('inventory.synced', run),
    });
  }
}
