import type { ConnectionConfig } from '../../common/model/connection';
import type { SettingsStore } from '../settings/settings-store';

const key = 'connections';

/** The saved connection list (no secrets), in the shared settings file. */
export class ConnectionRepository {
  readonly #store: SettingsStore;

  constructor(store: SettingsStore) {
    this.#store = store;
  }

  list(): ConnectionConfig[] {
    const stored = this.#store.get<unknown>(key);
    return Array.isArray(stored) ? (stored as ConnectionConfig[]) : [];
  }

  find(idOrName: string): ConnectionConfig | undefined {
    const all = this.list();
    return all.find((c) => c.id === idOrName) ?? all.find((c) => c.name.toLowerCase() === idOrName.toLowerCase());
  }

  save(config: ConnectionConfig): void {
    const others = this.list().filter((c) => c.id !== config.id);
    this.#store.set(key, [...others, config]);
  }

  remove(id: string): void {
    this.#store.set(
      key,
      this.list().filter((c) => c.id !== id),
    );
  }
}
