import type { ConnectionConfig, ConnectionSecrets } from '../../common/model/connection';
import type { PlatformKind } from '../../common/model/platform';
import type { RunningSimulator } from '../../backends/core/simulator/running-simulator';
import type { ConnectionService } from '../connections/connection-service';

/** One platform of the demo lab: the simulator to start and the connection to show it under. */
export interface DemoPlatform {
  kind: PlatformKind;
  connectionName: string;
  start(): Promise<RunningSimulator>;
}

/**
 * The demo lab: the built-in simulators (real wire protocols over HTTPS on 127.0.0.1),
 * started in the host, each behind a connection whose certificate is pinned. A new user sees
 * a working estate at once; the simulators live as long as the host, and their last
 * inventory stays in the store (offline) when they are stopped.
 */
export class DemoLab {
  readonly #connections: ConnectionService;
  readonly #platforms: readonly DemoPlatform[];
  readonly #running = new Map<PlatformKind, RunningSimulator>();
  /** Kept after a stop, so the connections then fail as unreachable (offline), not as unconfigured. */
  readonly #secrets = new Map<PlatformKind, ConnectionSecrets>();
  #opening: Promise<ConnectionConfig[]> | undefined;

  constructor(connections: ConnectionService, platforms: readonly DemoPlatform[]) {
    this.#connections = connections;
    this.#platforms = platforms;
  }

  get available(): boolean {
    return this.#platforms.length > 0;
  }

  /** Starts what is not running and points the demo connections at it. Safe to call again. */
  open(): Promise<ConnectionConfig[]> {
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async #open(): Promise<ConnectionConfig[]> {
    const started = await Promise.all(
      this.#platforms.map(async (platform) => ({ platform, simulator: this.#running.get(platform.kind) ?? (await platform.start()) })),
    );
    return started.map(({ platform, simulator }) => {
      this.#running.set(platform.kind, simulator);
      this.#secrets.set(platform.kind, simulator.secrets);
      return this.#connections.saveDemo({
        kind: platform.kind,
        name: platform.connectionName,
        url: simulator.url,
        fields: simulator.fields,
        tls: simulator.fingerprint256 ? { pinnedFingerprint: simulator.fingerprint256 } : {},
      });
    });
  }

  /** Whether any saved connection belongs to the demo lab (then it reopens at start). */
  isConfigured(): boolean {
    return this.#connections.list().some((c) => c.demo);
  }

  /** The secrets of a demo connection, from its running simulator; undefined for real ones. */
  secretsFor(config: ConnectionConfig): ConnectionSecrets | undefined {
    if (!config.demo) return undefined;
    return this.#secrets.get(config.kind) ?? {};
  }

  async close(): Promise<void> {
    const running = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(running.map((simulator) => simulator.close()));
  }
}
