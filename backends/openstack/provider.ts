import type { InventoryDelta, ObjectId } from '../../common/model/inventory';
import type { ActionRequest, ConsoleEndpoint, ConsoleKind, MetricsRequest, MetricsResult, TaskInfo } from '../../common/model/operations';
import { guard, guardStream } from '../core/failure-guard';
import type { Provider, ProviderContext, ServerInfo } from '../core/provider';
import { startAction } from './actions';
import { openConsole } from './consoles';
import { InventorySync, type CloudView } from './inventory-sync';
import { linkedSignal } from './linked-signal';
import { MetricsReader } from './metrics';
import { formatMicroversion } from './microversions';
import { OpenstackSession } from './session';
import { defaultTuning, readSettings, type OpenstackSettings, type OpenstackTuning } from './settings';
import { consoleOutput, followTask, instanceActionLog } from './task-follower';
import { CloudWatcher } from './watch';

const driver = 'OpenStack';

/** Nova's newest microversion names the release it shipped with, when only one release had it. */
const releaseByNovaMaximum: Record<string, string> = {
  '2.88': 'Wallaby',
  '2.90': 'Xena',
  '2.92': 'Yoga',
  '2.93': 'Zed',
  '2.95': '2023.1 Antelope',
};

/** One OpenStack connection: Keystone session, inventory, watch, metrics, actions and consoles. */
export class OpenstackProvider implements Provider {
  readonly kind = 'openstack' as const;
  readonly settings: OpenstackSettings;
  readonly tuning: OpenstackTuning;
  #session: OpenstackSession | undefined;
  #opening: Promise<OpenstackSession> | undefined;
  #view: CloudView | undefined;
  #metrics: MetricsReader | undefined;

  constructor(context: ProviderContext, tuning: Partial<OpenstackTuning> = {}) {
    const { config, secrets } = context;
    this.settings = readSettings(config.id, config.url, config.fields, secrets, config.tls);
    const pageSize = Number(config.fields.pageSize);
    this.tuning = { ...defaultTuning, ...(Number.isInteger(pageSize) && pageSize > 0 ? { pageSize } : {}), ...tuning };
  }

  /** Logins made so far (tests check that re-authentication never loops). */
  get logins(): number {
    return this.#session?.logins ?? 0;
  }

  connect(signal: AbortSignal): Promise<ServerInfo> {
    return guard(this.#connect(signal), driver);
  }

  async #connect(signal: AbortSignal): Promise<ServerInfo> {
    const session = await this.#open(signal);
    const { facts, token } = session;
    const services = (['compute', 'network', 'image', 'block-storage', 'placement', 'metric'] as const).filter((service) =>
      session.has(service),
    );
    const novaMax = facts.serverMaxima.compute ? formatMicroversion(facts.serverMaxima.compute) : undefined;
    const release = novaMax ? releaseByNovaMaximum[novaMax] : undefined;
    const versions = Object.entries(facts.serverMaxima).map(([service, version]) => `${service} ${formatMicroversion(version)}`);
    return {
      product: release ? `OpenStack ${release}` : 'OpenStack',
      version: versions.join(', ') || 'unknown',
      capabilities: [...services, ...(session.isAdmin ? ['admin'] : [])],
      notes: [
        `Logged in as ${token.user.name} in project ${token.project?.name ?? '(none)'} with roles ${token.roles.join(', ') || '(none)'}${facts.region ? `, region ${facts.region}` : ''}.`,
        ...facts.notes,
        ...(session.isAdmin
          ? []
          : ['Without the admin role, hypervisors, aggregates, Placement usage, server diagnostics and other projects are not visible.']),
      ],
    };
  }

  inventory(signal: AbortSignal): AsyncGenerator<InventoryDelta> {
    return guardStream(this.#inventory(signal), driver);
  }

  async *#inventory(signal: AbortSignal): AsyncGenerator<InventoryDelta> {
    const sync = new InventorySync(await this.#open(signal), this.settings.connectionId);
    yield* sync.run(signal);
    if (sync.view) this.#view = sync.view;
  }

  watch(signal: AbortSignal): AsyncGenerator<InventoryDelta> {
    return guardStream(this.#watch(signal), driver);
  }

  async *#watch(outer: AbortSignal): AsyncGenerator<InventoryDelta> {
    const { signal, abort } = linkedSignal(outer);
    try {
      const session = await this.#open(signal);
      if (!this.#view) {
        // Nothing to compare with yet: read the cloud once, quietly, as the baseline.
        for await (const delta of this.#inventory(signal)) void delta;
      }
      if (!this.#view) return;
      yield* new CloudWatcher(session, this.#view).watch(this.tuning.watchIntervalMs, signal);
    } finally {
      abort();
    }
  }

  metrics(request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult> {
    return guard(
      this.#open(signal).then((session) => (this.#metrics ??= new MetricsReader(session)).read(request, signal)),
      driver,
    );
  }

  act(request: ActionRequest, signal: AbortSignal): Promise<TaskInfo> {
    return guard(
      this.#open(signal).then((session) => startAction(session, this.settings.connectionId, request, signal)),
      driver,
    );
  }

  followTask(task: TaskInfo, signal: AbortSignal): AsyncGenerator<TaskInfo> {
    return guardStream(this.#followTask(task, signal), driver);
  }

  async *#followTask(task: TaskInfo, signal: AbortSignal): AsyncGenerator<TaskInfo> {
    yield* followTask(await this.#open(signal), task, signal);
  }

  taskLog(task: TaskInfo, signal: AbortSignal): Promise<string[]> {
    return guard(
      this.#open(signal).then((session) => instanceActionLog(session, task, signal)),
      driver,
    );
  }

  consoleLog(target: ObjectId, lines: number | undefined, signal: AbortSignal): Promise<string[]> {
    return guard(
      this.#open(signal).then((session) => consoleOutput(session, target, lines, signal)),
      driver,
    );
  }

  console(target: ObjectId, kind: ConsoleKind, signal: AbortSignal): Promise<ConsoleEndpoint> {
    return guard(
      this.#open(signal).then((session) => openConsole(session, target, kind, signal)),
      driver,
    );
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#opening = undefined;
    await session?.close();
  }

  /** The session, opened once; concurrent callers share the same login. */
  #open(signal: AbortSignal): Promise<OpenstackSession> {
    if (this.#session) return Promise.resolve(this.#session);
    this.#opening ??= (async () => {
      const session = new OpenstackSession(this.settings, this.tuning);
      try {
        await session.open(signal);
      } catch (error) {
        await session.close();
        throw error;
      }
      this.#session = session;
      return session;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }
}
