import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../../common/contract/app';
import { ProviderRegistry } from '../../backends/core/registry';
import type { ProviderModule } from '../../backends/core/provider';
import { ConnectionRepository } from '../connections/connection-repository';
import { connectionHandlers } from '../connections/connection-handlers';
import { ConnectionService } from '../connections/connection-service';
import { SessionManager } from '../connections/session-manager';
import { inventoryHandlers } from '../inventory/inventory-handlers';
import { InventoryStore } from '../inventory/inventory-store';
import { SyncEngine } from '../inventory/sync-engine';
import { DemoLab, type DemoPlatform } from '../demo-lab/demo-lab';
import { Vault, type OsKeyring } from '../secrets/vault';
import { vaultHandlers } from '../secrets/vault-handlers';
import { openSettingsStore, type SettingsStore } from '../settings/settings-store';
import { Dispatcher, type Sender } from './dispatcher';
import { EventHub } from './event-hub';
import { appVersion } from './app-version';

export interface HostOptions {
  home: string;
  mode: AppInfo['mode'];
  /** Origins whose messages the host accepts: the app's own renderer. */
  trustedOrigins: ReadonlySet<string>;
  providers: readonly ProviderModule[];
  /** The simulators the demo lab starts; none in tests that do not need them. */
  demoPlatforms?: readonly DemoPlatform[];
  keyring?: OsKeyring;
  passphraseReason?: string;
  /** Electron gives electron-store here; elsewhere conf on the same file. */
  settings?: SettingsStore;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

export interface Host {
  dispatcher: Dispatcher;
  events: EventHub;
  connections: ConnectionService;
  sessions: SessionManager;
  store: InventoryStore;
  vault: Vault;
  registry: ProviderRegistry;
  demoLab: DemoLab;
  home: string;
  /** Brings the connections live (the app and serve mode); reopens the demo lab if it was in use. */
  goLive(options?: { openDemoLabIfEmpty?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The composition root shared by the Electron app, `skydeck serve` and the CLI. */
export function createHost(options: HostOptions): Host {
  const events = new EventHub();
  const registry = new ProviderRegistry();
  for (const module of options.providers) registry.register(module);
  const vaultOptions: ConstructorParameters<typeof Vault>[0] = {
    file: join(options.home, 'secrets.json'),
    env: options.env ?? process.env,
  };
  if (options.keyring) vaultOptions.keyring = options.keyring;
  if (options.passphraseReason) vaultOptions.passphraseReason = options.passphraseReason;
  const vault = new Vault(vaultOptions);
  const repository = new ConnectionRepository(options.settings ?? openSettingsStore(options.home));
  const connections = new ConnectionService({ repository, vault, registry, events });
  mkdirSync(options.home, { recursive: true, mode: 0o700 });
  const store = InventoryStore.open(join(options.home, 'inventory.db'));
  const demoLab = new DemoLab(connections, options.demoPlatforms ?? []);
  const sessions = new SessionManager({
    connections,
    registry,
    store,
    engine: new SyncEngine(store),
    events,
    extraSecrets: (config) => demoLab.secretsFor(config),
  });
  const info: AppInfo = { version: appVersion, mode: options.mode, platforms: registry.kinds(), demoLabAvailable: demoLab.available };

  const dispatcher = new Dispatcher({
    handlers: {
      'app.info': () => info,
      ...connectionHandlers(connections),
      'connections.remove': async ({ id }) => {
        const config = connections.get(id);
        connections.remove(config.id);
        await sessions.stop(config.id);
        await store.forgetConnection(config.id);
      },
      ...vaultHandlers(vault, events),
      ...inventoryHandlers(store),
      'sync.now': ({ connectionId }) => sessions.syncNow(connectionId),
      'demo.open': () => demoLab.open(),
      'demo.close': () => demoLab.close(),
    },
    isTrustedSender: (sender: Sender) => sender.transport === 'in-process' || options.trustedOrigins.has(originOf(sender.origin)),
    onInternalError: (method, error) => options.log?.(`internal error in ${method}: ${(error as Error).stack ?? String(error)}`),
  });

  return {
    dispatcher,
    events,
    connections,
    sessions,
    store,
    vault,
    registry,
    demoLab,
    home: options.home,
    goLive: async ({ openDemoLabIfEmpty = false } = {}) => {
      const empty = connections.list().length === 0;
      if (demoLab.available && (demoLab.isConfigured() || (empty && openDemoLabIfEmpty))) await demoLab.open();
      sessions.startAll();
    },
    close: async () => {
      await sessions.stopAll();
      await demoLab.close();
      await store.close();
    },
  };
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    // file:// pages have the opaque origin "null"; compare their full path instead.
    return parsed.protocol === 'file:' ? `file://${parsed.pathname}` : parsed.origin;
  } catch {
    return '';
  }
}
