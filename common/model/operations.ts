import type { SkydeckError } from '../errors/skydeck-error';
import type { ObjectId } from './inventory';

/** Metrics a provider can sample; rates are per second, sizes in bytes, cpu as 0..1. */
export const metricNames = [
  'cpu.usage',
  'memory.used',
  'memory.total',
  'disk.read',
  'disk.write',
  'disk.used',
  'disk.total',
  'net.in',
  'net.out',
] as const;
export type MetricName = (typeof metricNames)[number];

export interface MetricPoint {
  /** Unix milliseconds. */
  t: number;
  v: number;
}

export interface MetricSeries {
  target: ObjectId;
  metric: MetricName;
  points: MetricPoint[];
}

export type HistoryRange = 'hour' | 'day' | 'week' | 'month' | 'year';
export type HistoryAggregate = 'average' | 'max';

export interface MetricsRequest {
  targets: ObjectId[];
  /** Absent: the latest live sample. */
  history?: { range: HistoryRange; aggregate: HistoryAggregate };
}

export interface MetricsResult {
  series: MetricSeries[];
  /** What the platform cannot give, said plainly (e.g. "disk rates need admin rights"). */
  unavailable: string[];
}

export const actionNames = [
  'power.start',
  'power.stop',
  'power.shutdown',
  'power.reboot',
  'power.reset',
  'power.suspend',
  'power.resume',
  'snapshot.create',
  'snapshot.revert',
  'snapshot.remove',
  'migrate',
  'clone',
  // Platform verbs with no cross-platform equivalent (OpenStack Nova).
  'power.pause',
  'power.unpause',
  'shelve',
  'unshelve',
  'server.create',
] as const;
export type ActionName = (typeof actionNames)[number];

export interface ActionRequest {
  action: ActionName;
  target: ObjectId;
  /** Action parameters: snapshot name, destination host, clone name … */
  params?: Record<string, string | number | boolean>;
}

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskInfo {
  /** The platform's task id (UPID, task moref, request id). */
  id: string;
  action: ActionName | string;
  target: ObjectId;
  state: TaskState;
  /** 0..100 where known. */
  progress?: number;
  /** Fault text or exit status when failed; result summary when done. */
  message?: string;
  /** When failed: the same as an error (code `task-failed`) the UI and CLI can show as such. */
  error?: SkydeckError;
  startedAt: string;
  endedAt?: string;
}

export type ConsoleKind = 'vnc' | 'terminal' | 'ssh' | 'vmrc' | 'webmks';

/** Where the console service can open a console. Host-only: may carry tickets. */
export type ConsoleEndpoint =
  | { kind: 'vnc'; websocketUrl: string; password?: string; headers?: Record<string, string> }
  | { kind: 'terminal'; websocketUrl: string; handshake: string; headers?: Record<string, string>; framing: 'proxmox-termproxy' | 'raw' }
  | { kind: 'ssh'; host: string; port: number }
  | { kind: 'vmrc'; url: string }
  | { kind: 'webmks'; url: string };
