import type { ConnectionDraft } from '../../common/contract/connections';
import type { SkydeckApi } from '../../common/contract/index';
import type { ConnectionConfig, ConnectionStatus, ConnectionTestResult } from '../../common/model/connection';

/** The saved connections and their live status, kept current by host events. */
export class ConnectionsState {
  list = $state.raw<ConnectionConfig[]>([]);
  statuses = $state.raw<Record<string, ConnectionStatus>>({});
  loaded = $state(false);
  readonly #api: SkydeckApi;

  constructor(api: SkydeckApi) {
    this.#api = api;
    api.subscribe('connections.changed', (list) => (this.list = list));
    api.subscribe('connections.status', (status) => (this.statuses = { ...this.statuses, [status.connectionId]: status }));
  }

  async load(): Promise<void> {
    const [list, statuses] = await Promise.all([this.#api.invoke('connections.list', {}), this.#api.invoke('connections.statuses', {})]);
    this.list = list;
    this.statuses = Object.fromEntries(statuses.map((s) => [s.connectionId, s]));
    this.loaded = true;
  }

  byId(id: string): ConnectionConfig | undefined {
    return this.list.find((c) => c.id === id);
  }

  add(draft: ConnectionDraft): Promise<ConnectionConfig> {
    return this.#api.invoke('connections.add', draft);
  }

  remove(id: string): Promise<void> {
    return this.#api.invoke('connections.remove', { id });
  }

  test(target: { id: string } | { draft: ConnectionDraft }): Promise<ConnectionTestResult> {
    return this.#api.invoke('connections.test', target);
  }

  trust(id: string, fingerprint: string): Promise<ConnectionConfig> {
    return this.#api.invoke('connections.trust', { id, fingerprint });
  }
}
