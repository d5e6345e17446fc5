import type { ConnectionConfig, ConnectionSecrets } from '../../common/model/connection';
import type { InventoryDelta, ObjectId } from '../../common/model/inventory';
import type { ActionRequest, ConsoleEndpoint, ConsoleKind, MetricsRequest, MetricsResult, TaskInfo } from '../../common/model/operations';
import type { PlatformKind } from '../../common/model/platform';

/** What `connect()` learned about the server. */
export interface ServerInfo {
  product: string;
  version: string;
  /** Platform features found on this server (e.g. "sdn", "ha", "placement"). */
  capabilities: string[];
  /** Limits of the account we use, said plainly (e.g. "project scope: cannot list hypervisors"). */
  notes: string[];
}

/**
 * One configured connection's driver. Everything platform-specific stays behind it.
 * Every method takes an AbortSignal; a provider never throws anything but SkydeckFailure.
 */
export interface Provider {
  readonly kind: PlatformKind;
  /** Authenticate, detect version and capabilities, check TLS against the pin. */
  connect(signal: AbortSignal): Promise<ServerInfo>;
  /** A full sync, streamed: begin(full) · upsert* · commit. Batches stay small. */
  inventory(signal: AbortSignal): AsyncIterable<InventoryDelta>;
  /** Changes after the sync, as partial delta groups (begin(false) … commit), until aborted. */
  watch(signal: AbortSignal): AsyncIterable<InventoryDelta>;
  metrics(request: MetricsRequest, signal: AbortSignal): Promise<MetricsResult>;
  /** Start an action; the returned task is followed with `followTask`. */
  act(request: ActionRequest, signal: AbortSignal): Promise<TaskInfo>;
  /** Task updates until the task ends; the last one is final. */
  followTask(task: TaskInfo, signal: AbortSignal): AsyncIterable<TaskInfo>;
  /** The task's log lines where the platform keeps one. */
  taskLog?(task: TaskInfo, signal: AbortSignal): Promise<string[]>;
  /** The guest's console output (boot log), last `lines` lines, where the platform keeps it. */
  consoleLog?(target: ObjectId, lines: number | undefined, signal: AbortSignal): Promise<string[]>;
  console(target: ObjectId, kind: ConsoleKind, signal: AbortSignal): Promise<ConsoleEndpoint>;
  close(): Promise<void>;
}

export interface ProviderContext {
  config: ConnectionConfig;
  secrets: ConnectionSecrets;
}

export interface ProviderModule {
  kind: PlatformKind;
  create(context: ProviderContext): Provider;
}
