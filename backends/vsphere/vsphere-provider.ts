import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { InventoryDelta, ObjectId } from '../../common/model/inventory';
import type { ActionRequest, ConsoleEndpoint, ConsoleKind, MetricsRequest, MetricsResult, TaskInfo } from '../../common/model/operations';
import { HttpClient } from '../core/http-client';
import type { Provider, ProviderContext, ServerInfo } from '../core/provider';
import { followTask } from './actions/follow-task';
import { startAction } from './actions/vm-actions';
import { consoleEndpoint } from './console';
import { fullSync } from './inventory/full-sync';
import { watchInventory, type WatchOptions } from './inventory/watch';
import { VsphereMetrics } from './metrics/vsphere-metrics';
import { VimSession } from './session';
import { SoapTransport } from './soap/transport';

export interface VsphereProviderOptions {
  /** Idle time after which the session is kept alive with a cheap call. */
  keepAliveMs?: number;
  /** Per request: time to first byte and between body chunks. */
  timeoutMs?: number;
  watch?: WatchOptions;
}

/** "vc.example.com", "https://vc.example.com" or "https://vc.example.com/sdk" → origin and SDK path. */
export function sdkEndpoint(url: string): { origin: string; path: string } {
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    throw new SkydeckFailure('invalid-input', `"${url}" is not a vCenter or ESXi address.`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return { origin: parsed.origin, path: path.endsWith('/sdk') ? path : '/sdk' };
}

/** The vSphere driver: vCenter or a standalone ESXi host, over vim25 SOAP. */
export class VsphereProvider implements Provider {
  readonly kind = 'vsphere' as const;
  readonly #context: ProviderContext;
  readonly #http: HttpClient;
  readonly #session: VimSession;
  readonly #metrics: VsphereMetrics;
  readonly #options: VsphereProviderOptions;
  #opened: Promise<ServerInfo> | undefined;
  #closed: Promise<void> | undefined;

  constructor(context: ProviderContext, options: VsphereProviderOptions = {}) {
    this.#context = context;
    this.#options = options;
    const { origin, path } = sdkEndpoint(context.config.url);
    const username = context.config.fields.username;
    const password = context.secrets.password;
    if (!username || !password)
      throw new SkydeckFailure('invalid-input', `The connection ${context.config.name} needs a user and a password.`);
    this.#http = new HttpClient({
      baseUrl: origin,
      trust: context.config.tls,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.#session = new VimSession(new SoapTransport(this.#http, path), { username, password }, { keepAliveMs: options.keepAliveMs });
    this.#metrics = new VsphereMetrics(this.#session, context.config.id);
  }

  get #connectionId(): string {
    return this.#context.config.id;
  }

  connect(signal: AbortSignal): Promise<ServerInfo> {
    this.#opened ??= this.#open(signal);
    this.#opened.catch(() => (this.#opened = undefined));
    return guard(this.#opened);
  }

  async *inventory(signal: AbortSignal): AsyncIterable<InventoryDelta> {
    await this.connect(signal);
    yield* guardStream(fullSync(this.#session, this.#connectionId, signal));
  }

  async *watch(signal: AbortSignal): AsyncIterable<InventoryDelta> {
    await this.connect(signal);
    yield* guardStream(watchInventory(this.#session, this.#connectionId, signal, this.#options.watch));
  }

  async metrics(request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    await this.connect(signal);
    return guard(this.#metrics.collect(request, signal));
  }

  async act(request: ActionRequest, signal: AbortSignal): Promise<TaskInfo> {
    await this.connect(signal);
    return guard(startAction(this.#session, this.#connectionId, request, signal));
  }

  async *followTask(task: TaskInfo, signal: AbortSignal): AsyncIterable<TaskInfo> {
    await this.connect(signal);
    yield* guardStream(followTask(this.#session, task, signal));
  }

  async console(target: ObjectId, kind: ConsoleKind, signal: AbortSignal): Promise<ConsoleEndpoint> {
    await this.connect(signal);
    return guard(consoleEndpoint(this.#session, this.#connectionId, this.#http.baseUrl, target, kind, signal));
  }

  /** Logs out and closes the sockets; closing twice is harmless. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (this.#opened) await this.#session.close();
      await this.#http.close();
    })();
    return this.#closed;
  }

  async #open(signal: AbortSignal): Promise<ServerInfo> {
    const content = await this.#session.open(signal);
    const { about } = content;
    const vcenter = about.apiType === 'VirtualCenter';
    const capabilities = [vcenter ? 'vcenter' : 'esxi', 'property-collector', 'watch'];
    if (content.perfManager) capabilities.push('performance');
    const notes = vcenter ? [] : ['Standalone ESXi host: cloning and historical statistics depend on a vCenter.'];
    return { product: about.fullName, version: about.version, capabilities, notes };
  }
}

/** Anything thrown below that is not yet a SkydeckFailure (an abort reason, a bug) becomes one. */
function asFailure(error: unknown): SkydeckFailure {
  if (error instanceof SkydeckFailure) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new SkydeckFailure(
      error.name === 'TimeoutError' ? 'timeout' : 'cancelled',
      error.name === 'TimeoutError' ? 'The operation timed out.' : 'The operation was cancelled.',
    );
  }
  return new SkydeckFailure(
    'internal',
    `Unexpected error in the vSphere driver: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asFailure(error);
  }
}

async function* guardStream<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw asFailure(error);
  }
}
