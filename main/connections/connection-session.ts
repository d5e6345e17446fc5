import { toSkydeckError, type SkydeckError } from '../../common/errors/skydeck-error';
import type { ConnectionConfig, ConnectionLevel, ConnectionSecrets } from '../../common/model/connection';
import type { InventoryDelta } from '../../common/model/inventory';
import { sleep } from '../../backends/core/concurrency';
import type { Provider } from '../../backends/core/provider';
import type { ProviderRegistry } from '../../backends/core/registry';
import type { InventoryStore } from '../inventory/inventory-store';
import type { SyncEngine } from '../inventory/sync-engine';
import type { SyncRun } from '../inventory/model';

export interface SessionDeps {
  registry: ProviderRegistry;
  store: InventoryStore;
  engine: SyncEngine;
  secrets: (config: ConnectionConfig) => ConnectionSecrets;
  onStatus: (level: ConnectionLevel, message: string) => void;
  onRun: (run: SyncRun) => void;
}

/** Waits between attempts after a failure: 2 s, 4 s … up to 5 minutes. */
export const retryDelayMs = (attempt: number): number => Math.min(2_000 * 2 ** attempt, 300_000);

/**
 * One configured connection, alive: connect, full sync into the store, then follow the
 * provider's changes; on trouble, say so in the status and try again with backoff. Trouble
 * with a cluster becomes status, never a crash, and never costs the stored inventory.
 */
export class ConnectionSession {
  readonly config: ConnectionConfig;
  readonly #deps: SessionDeps;
  #loop: AbortController | undefined;
  #running: Promise<void> | undefined;

  constructor(config: ConnectionConfig, deps: SessionDeps) {
    this.config = config;
    this.#deps = deps;
  }

  /** One full sync now (CLI `skydeck sync`, "Sync now"): resolves with the run as recorded. */
  async syncOnce(signal: AbortSignal): Promise<SyncRun> {
    let provider: Provider;
    try {
      provider = this.#createProvider();
    } catch (error) {
      this.#reportTrouble(toSkydeckError(error));
      throw error;
    }
    try {
      return await this.#connectAndSync(provider, signal);
    } finally {
      await provider.close();
    }
  }

  /** Keeps the connection live in the background until `stop()`. */
  start(): void {
    if (this.#loop) return;
    this.#loop = new AbortController();
    this.#running = this.#keepAlive(this.#loop.signal);
  }

  async stop(): Promise<void> {
    this.#loop?.abort();
    await this.#running;
    this.#loop = undefined;
    this.#running = undefined;
  }

  async #keepAlive(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      let provider: Provider | undefined;
      try {
        provider = this.#createProvider();
        const run = await this.#connectAndSync(provider, signal);
        if (run.outcome !== 'ok') throw run.error ?? new Error(`sync ${run.outcome}`);
        attempt = -1;
        this.#deps.onStatus('connected', `Live: synced ${run.counts.total} objects; following changes.`);
        await this.#deps.engine.watch(this.#target(), provider.watch(signal), signal, (watched) => this.#deps.onRun(watched));
      } catch (error) {
        if (signal.aborted) break;
        this.#reportTrouble(toSkydeckError(error), retryDelayMs(Math.max(attempt, 0)));
        await sleep(retryDelayMs(Math.max(attempt, 0)), signal).catch(() => undefined);
      } finally {
        await provider?.close();
      }
    }
  }

  async #connectAndSync(provider: Provider, signal: AbortSignal): Promise<SyncRun> {
    this.#deps.onStatus('connecting', `Connecting to ${this.config.url}…`);
    const run = await this.#deps.engine.sync(this.#target(), this.#connectedInventory(provider, signal), signal);
    this.#deps.onRun(run);
    if (run.outcome !== 'ok') this.#reportTrouble(run.error ?? toSkydeckError(new Error(`sync ${run.outcome}`)));
    return run;
  }

  /** Login is part of the sync: a cluster that cannot be reached yields a failed run, on record. */
  async *#connectedInventory(provider: Provider, signal: AbortSignal): AsyncIterable<InventoryDelta> {
    const info = await provider.connect(signal);
    this.#deps.onStatus('syncing', `Syncing ${info.product} ${info.version}…`);
    yield* provider.inventory(signal);
  }

  #reportTrouble(error: SkydeckError, retryInMs?: number): void {
    const stored = this.#deps.store.connections().find((c) => c.connectionId === this.config.id);
    const retry = retryInMs ? ` Retrying in ${Math.round(retryInMs / 1000)} s.` : '';
    if (stored?.lastSyncAt) {
      this.#deps.onStatus('stale', `${error.message} Showing the inventory of ${new Date(stored.lastSyncAt).toLocaleString()}.${retry}`);
    } else {
      this.#deps.onStatus('error', `${error.message}${retry}`);
    }
  }

  #createProvider(): Provider {
    return this.#deps.registry.create({ config: this.config, secrets: this.#deps.secrets(this.config) });
  }

  #target(): { id: string; name: string; platform: ConnectionConfig['kind'] } {
    return { id: this.config.id, name: this.config.name, platform: this.config.kind };
  }
}
