import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { InventoryDelta, ObjectId } from '../../common/model/inventory';
import type { ActionRequest, ConsoleEndpoint, ConsoleKind, MetricsRequest, MetricsResult, TaskInfo } from '../../common/model/operations';
import { guard as guardWork, guardStream as guardWorkStream } from '../core/failure-guard';
import { HttpClient } from '../core/http-client';
import type { Provider, ProviderContext, ServerInfo } from '../core/provider';
import { startAction } from './actions/actions';
import { followTask, taskLog } from './actions/tasks';
import { ProxmoxApi } from './api/client';
import { readCredentials } from './api/credentials';
import { isRecord, readString } from './api/lenient';
import { scopedSignal } from './api/scoped-signal';
import { ProxmoxSession } from './api/session';
import { ProxmoxTransport } from './api/transport';
import { consoleEndpoint } from './consoles/consoles';
import { fullSync } from './inventory/full-sync';
import { GuestLocator } from './inventory/guest-locator';
import { ProxmoxIds } from './inventory/ids';
import { readClusterStatus } from './inventory/map-cluster';
import { SyncNotes } from './inventory/notes';
import type { SyncState } from './inventory/sync-state';
import { CounterRates } from './metrics/counter-rates';
import { collectMetrics } from './metrics/metrics';
import { watchChanges } from './watch/watch';

export interface ProxmoxProviderOptions {
  /** Watch poll interval (default 5 s). */
  pollIntervalMs?: number;
  /** Requests in flight at once during a sync (default 16). */
  concurrency?: number;
  /** Objects per upsert delta (default 500). */
  batchSize?: number;
  /** Renew the ticket once it is this old (default 1 h; PVE tickets live 2 h). */
  ticketRenewAfterMs?: number;
  /** Extra attempts for idempotent calls after a dropped connection or a gateway error (default 3). */
  retries?: number;
  retryDelayMs?: number;
  /** Task status poll interval (default 1 s). */
  taskPollMs?: number;
  /** Pause between the two samples of a first live rate (default 1 s). */
  rateWindowMs?: number;
  /** Per request: time to first byte and between body chunks. */
  timeoutMs?: number;
  /** Unix milliseconds; tests move it to age tickets. */
  now?: () => number;
}

const defaults = {
  pollIntervalMs: 5_000,
  concurrency: 16,
  batchSize: 500,
  ticketRenewAfterMs: 60 * 60_000,
  retries: 3,
  retryDelayMs: 200,
  taskPollMs: 1_000,
  rateWindowMs: 1_000,
  timeoutMs: 30_000,
  now: Date.now,
} satisfies Required<ProxmoxProviderOptions>;

/** "pve.example.com", "pve.example.com:8006" or "https://pve:8006/…" → the API origin. */
export function apiOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    throw new SkydeckFailure('invalid-input', `"${url}" is not a Proxmox VE address (e.g. https://pve.example.com:8006).`);
  }
  if (!/^[a-z]+:\/\//i.test(url) && !parsed.port) parsed.port = '8006';
  return parsed.origin;
}

/** The Proxmox VE driver: one cluster (or standalone node) over /api2/json. */
export class ProxmoxProvider implements Provider {
  readonly kind = 'proxmox' as const;
  readonly #options: Required<ProxmoxProviderOptions>;
  readonly #http: HttpClient;
  readonly #api: ProxmoxApi;
  readonly #ids: ProxmoxIds;
  readonly #locator: GuestLocator;
  readonly #rates = new CounterRates();
  #state: SyncState | undefined;
  #connected: Promise<ServerInfo> | undefined;

  constructor(context: ProviderContext, options: ProxmoxProviderOptions = {}) {
    this.#options = { ...defaults, ...options };
    const credentials = readCredentials(context.config.fields, context.secrets);
    this.#http = new HttpClient({
      baseUrl: apiOrigin(context.config.url),
      trust: context.config.tls,
      timeoutMs: this.#options.timeoutMs,
      connections: this.#options.concurrency,
    });
    const transport = new ProxmoxTransport({ http: this.#http, retries: this.#options.retries, retryDelayMs: this.#options.retryDelayMs });
    const session = new ProxmoxSession(transport, credentials, { renewAfterMs: this.#options.ticketRenewAfterMs, now: this.#options.now });
    this.#api = new ProxmoxApi(transport, session);
    this.#ids = new ProxmoxIds(context.config.id);
    this.#locator = new GuestLocator(this.#api, () => this.#state);
  }

  connect(signal: AbortSignal): Promise<ServerInfo> {
    this.#connected ??= guard(signal, (scoped) => this.#connect(scoped));
    this.#connected.catch(() => (this.#connected = undefined));
    return this.#connected;
  }

  async *inventory(signal: AbortSignal): AsyncIterable<InventoryDelta> {
    await this.connect(signal);
    yield* guardStream(signal, (scoped) => this.#fullSync(scoped));
  }

  async *watch(signal: AbortSignal): AsyncIterable<InventoryDelta> {
    await this.connect(signal);
    const context = {
      api: this.#api,
      ids: this.#ids,
      concurrency: this.#options.concurrency,
      batchSize: this.#options.batchSize,
      intervalMs: this.#options.pollIntervalMs,
      state: () => this.#state,
      commit: (state: SyncState) => {
        this.#state = state;
      },
      fullSync: (inner: AbortSignal) => this.#fullSync(inner),
    };
    yield* guardStream(signal, (scoped) => watchChanges(context, scoped));
  }

  async metrics(request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    await this.connect(signal);
    const context = {
      api: this.#api,
      locator: this.#locator,
      rates: this.#rates,
      state: () => this.#state,
      rateWindowMs: this.#options.rateWindowMs,
      concurrency: this.#options.concurrency,
      now: this.#options.now,
    };
    return guard(signal, (scoped) => collectMetrics(context, request, scoped));
  }

  async act(request: ActionRequest, signal: AbortSignal): Promise<TaskInfo> {
    await this.connect(signal);
    return guard(signal, (scoped) => startAction(this.#api, this.#locator, request, scoped));
  }

  async *followTask(task: TaskInfo, signal: AbortSignal): AsyncIterable<TaskInfo> {
    await this.connect(signal);
    yield* guardStream(signal, (scoped) => followTask(this.#api, task, this.#options.taskPollMs, scoped));
  }

  async taskLog(task: TaskInfo, signal: AbortSignal): Promise<string[]> {
    await this.connect(signal);
    return guard(signal, (scoped) => taskLog(this.#api, task, scoped));
  }

  async console(target: ObjectId, kind: ConsoleKind, signal: AbortSignal): Promise<ConsoleEndpoint> {
    await this.connect(signal);
    const context = { api: this.#api, locator: this.#locator, origin: this.#http.baseUrl, state: () => this.#state };
    return guard(signal, (scoped) => consoleEndpoint(context, target, kind, scoped));
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #fullSync(signal: AbortSignal): AsyncGenerator<InventoryDelta> {
    const settings = { api: this.#api, ids: this.#ids, concurrency: this.#options.concurrency, batchSize: this.#options.batchSize };
    return fullSync(settings, signal, (state) => {
      this.#state = state;
    });
  }

  async #connect(signal: AbortSignal): Promise<ServerInfo> {
    await this.#api.session.login(signal);
    const version = await this.#api.get('/version', undefined, signal);
    const notes = new SyncNotes();
    const [statusData, permissions] = await Promise.all([
      notes.optional('read the cluster status', () => this.#api.get('/cluster/status', undefined, signal)),
      notes.optional("read this account's permissions", () => this.#api.get('/access/permissions', undefined, signal)),
    ]);
    const status = readClusterStatus(statusData);
    const capabilities = ['consoles', 'rrd', 'tasks'];
    if (status.name) capabilities.push('cluster');
    const privileges = new Set(isRecord(permissions) && isRecord(permissions['/']) ? Object.keys(permissions['/']) : []);
    if (isRecord(permissions)) {
      const missing: [string, string][] = [
        ['Sys.Audit', 'node networks, cluster status and node metrics are hidden'],
        ['VM.PowerMgmt', 'power actions will be refused'],
        ['VM.Console', 'consoles will be refused'],
        ['SDN.Audit', 'SDN zones and vnets are hidden'],
      ];
      for (const [privilege, effect] of missing)
        if (!privileges.has(privilege)) notes.add(`${this.#api.session.principal} lacks ${privilege} on /: ${effect}.`);
    }
    if (status.quorate === false)
      notes.add(`Cluster ${status.name ?? ''} has lost quorum: changes will be refused until enough nodes are back.`);
    const release = isRecord(version) ? (readString(version.version) ?? readString(version.release)) : undefined;
    return { product: 'Proxmox VE', version: release ?? 'unknown', capabilities, notes: notes.list() };
  }
}

const driver = 'Proxmox VE';

/** Runs work on a scoped signal (see scopedSignal), turning whatever it throws into a SkydeckFailure. */
async function guard<T>(signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const scope = scopedSignal(signal);
  try {
    return await guardWork(work(scope.signal), driver);
  } finally {
    scope.dispose();
  }
}

async function* guardStream<T>(signal: AbortSignal, stream: (signal: AbortSignal) => AsyncIterable<T>): AsyncGenerator<T> {
  const scope = scopedSignal(signal);
  try {
    yield* guardWorkStream(stream(scope.signal), driver);
  } finally {
    scope.dispose();
  }
}
