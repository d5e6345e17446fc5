import type { ConnectionDraft } from '../../common/contract/connections';
import { SkydeckFailure, toSkydeckError } from '../../common/errors/skydeck-error';
import type { ConnectionConfig, ConnectionSecrets, ConnectionStatus, ConnectionTestResult } from '../../common/model/connection';
import { probeServer } from '../../backends/core/probe';
import type { ProviderRegistry } from '../../backends/core/registry';
import { isValidFingerprint, normalizeFingerprint } from '../../common/model/fingerprint';
import type { EventHub } from '../host/event-hub';
import type { Vault } from '../secrets/vault';
import type { ConnectionRepository } from './connection-repository';
import { assertValidDraft, splitDraft } from '../../common/model/connection-validation';

export interface ConnectionServiceDeps {
  repository: ConnectionRepository;
  vault: Vault;
  registry: ProviderRegistry;
  events: EventHub;
  now?: () => Date;
}

/** Adds, lists, tests, trusts and removes connections; keeps each one's status. */
export class ConnectionService {
  readonly #deps: ConnectionServiceDeps;
  readonly #statuses = new Map<string, ConnectionStatus>();

  constructor(deps: ConnectionServiceDeps) {
    this.#deps = deps;
  }

  list(): ConnectionConfig[] {
    return this.#deps.repository.list().sort((a, b) => a.name.localeCompare(b.name));
  }

  get(idOrName: string): ConnectionConfig {
    const found = this.#deps.repository.find(idOrName);
    if (!found) throw new SkydeckFailure('not-found', `There is no connection "${idOrName}".`);
    return found;
  }

  add(draft: ConnectionDraft): ConnectionConfig {
    const existing = this.#deps.repository.list();
    assertValidDraft(draft, existing);
    const { config, secrets } = splitDraft(draft, uniqueId(draft.name, existing), this.#now());
    // Secrets first: if the vault is locked, nothing is saved and the user is told why.
    if (Object.keys(secrets).length > 0) this.#deps.vault.save(config.id, secrets);
    this.#deps.repository.save(config);
    this.#setStatus(config.id, 'idle', 'Not connected yet.');
    this.#changed();
    return config;
  }

  /**
   * Adds or refreshes a demo-lab connection: its simulator listens on a new port with a new
   * certificate at each start, so the address and the pin change; its secrets are not stored.
   */
  saveDemo(demo: Pick<ConnectionConfig, 'kind' | 'name' | 'url' | 'fields' | 'tls'>): ConnectionConfig {
    const existing = this.#deps.repository.list();
    const previous = existing.find((c) => c.demo && c.kind === demo.kind);
    const config: ConnectionConfig = {
      ...demo,
      id: previous?.id ?? uniqueId(demo.name, existing),
      createdAt: previous?.createdAt ?? this.#now().toISOString(),
      demo: true,
    };
    this.#deps.repository.save(config);
    this.#changed();
    return config;
  }

  remove(idOrName: string): void {
    const config = this.get(idOrName);
    this.#deps.repository.remove(config.id);
    this.#deps.vault.remove(config.id);
    this.#statuses.delete(config.id);
    this.#changed();
  }

  trust(idOrName: string, fingerprint: string): ConnectionConfig {
    if (!isValidFingerprint(fingerprint))
      throw new SkydeckFailure('invalid-input', 'A SHA-256 fingerprint is 32 hex byte pairs, e.g. AB:CD:…');
    const config = this.get(idOrName);
    const trusted = { ...config, tls: { ...config.tls, pinnedFingerprint: normalizeFingerprint(fingerprint) } };
    this.#deps.repository.save(trusted);
    this.#changed();
    return trusted;
  }

  secrets(config: ConnectionConfig): ConnectionSecrets {
    return this.#deps.vault.read(config.id, config.name);
  }

  /** Reachability and certificate first; then, when the server is trusted, a real login. */
  async test(target: { id: string } | { draft: ConnectionDraft }, signal?: AbortSignal): Promise<ConnectionTestResult> {
    const { config, secrets } = 'id' in target ? this.#saved(target.id) : this.#draft(target.draft);
    const probe = await probeServer(config.url, config.tls, signal);
    const trusted = !probe.certificate || probe.certificate.trustedByCa || probe.certificate.matchesPin;
    let result = probe;
    if (probe.reachable && trusted && this.#deps.registry.has(config.kind)) {
      result = await this.#tryLogin(config, secrets, probe, signal);
    }
    if ('id' in target) {
      this.#setStatus(config.id, result.reachable && trusted ? 'idle' : 'error', result.message);
    }
    return result;
  }

  statuses(): ConnectionStatus[] {
    return this.list().map((c) => this.#statuses.get(c.id) ?? this.#status(c.id, 'idle', 'Not connected yet.'));
  }

  setStatus(id: string, level: ConnectionStatus['level'], message: string): void {
    this.#setStatus(id, level, message);
  }

  async #tryLogin(
    config: ConnectionConfig,
    secrets: ConnectionSecrets,
    probe: ConnectionTestResult,
    signal?: AbortSignal,
  ): Promise<ConnectionTestResult> {
    const provider = this.#deps.registry.create({ config, secrets });
    try {
      const info = await provider.connect(signal ?? new AbortController().signal);
      const message = `Logged in: ${info.product} ${info.version}.`;
      return { ...probe, message: `${probe.message} ${message}`, login: { ok: true, message } };
    } catch (error) {
      const failure = toSkydeckError(error);
      const message = `Login failed: ${failure.message}`;
      return { ...probe, message: `${probe.message} ${message}`, login: { ok: false, message, code: failure.code } };
    } finally {
      await provider.close();
    }
  }

  #saved(id: string): { config: ConnectionConfig; secrets: ConnectionSecrets } {
    const config = this.get(id);
    let secrets: ConnectionSecrets = {};
    try {
      secrets = this.secrets(config);
    } catch {
      // A locked vault still allows the reachability and certificate check.
    }
    return { config, secrets };
  }

  #draft(draft: ConnectionDraft): { config: ConnectionConfig; secrets: ConnectionSecrets } {
    assertValidDraft(draft, []);
    return splitDraft(draft, 'draft', this.#now());
  }

  #setStatus(id: string, level: ConnectionStatus['level'], message: string): void {
    const status = this.#status(id, level, message);
    this.#statuses.set(id, status);
    this.#deps.events.emit('connections.status', status);
  }

  #status(connectionId: string, level: ConnectionStatus['level'], message: string): ConnectionStatus {
    return { connectionId, level, message, at: this.#now().toISOString() };
  }

  #changed(): void {
    this.#deps.events.emit('connections.changed', this.list());
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }
}

/** "Prod PVE (Berlin)" → "prod-pve-berlin", suffixed when taken. Ids appear in object ids. */
function uniqueId(name: string, existing: readonly ConnectionConfig[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'connection';
  const taken = new Set(existing.map((c) => c.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
