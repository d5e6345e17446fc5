import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { TaskInfo, TaskState } from '../../../common/model/operations';
import { sleep } from '../../core/concurrency';
import type { ProxmoxApi } from '../api/client';
import { isRecord, readInteger, readRows, readString } from '../api/lenient';
import { apiPaths } from '../api/paths';
import { parseUpid } from '../api/upid';

function nodeOf(task: TaskInfo): string {
  const upid = parseUpid(task.id);
  if (!upid) throw new SkydeckFailure('invalid-input', `"${task.id}" is not a Proxmox task id (UPID).`);
  return upid.node;
}

/** `OK` and `WARNINGS: n` are success; anything else is the error text itself. */
export function taskOutcome(task: TaskInfo, status: Record<string, unknown>): TaskInfo {
  if (readString(status.status) !== 'stopped') return { ...task, state: 'running' };
  const exit = readString(status.exitstatus) ?? 'unexpected status';
  const endTime = readInteger(status.endtime);
  const ended: TaskInfo = { ...task, endedAt: endTime ? new Date(endTime * 1000).toISOString() : new Date().toISOString() };
  if (exit === 'OK') return { ...ended, state: 'succeeded', progress: 100, message: 'OK' };
  if (/^WARNINGS: \d+$/.test(exit))
    return { ...ended, state: 'succeeded', progress: 100, message: `finished with ${exit.toLowerCase()} (see the task log)` };
  const state: TaskState = /interrupted by signal/.test(exit) ? 'cancelled' : 'failed';
  const error = new SkydeckFailure('task-failed', `Task ${task.action} on ${task.target} failed: ${exit}`, {
    details: { upid: task.id, exitstatus: exit },
  });
  return { ...ended, state, message: exit, error: error.toJSON() };
}

/** Polls GET /nodes/{node}/tasks/{upid}/status until the task stops, yielding each change. */
export async function* followTask(api: ProxmoxApi, task: TaskInfo, pollMs: number, signal: AbortSignal): AsyncGenerator<TaskInfo> {
  const path = `${apiPaths.task(nodeOf(task), task.id)}/status`;
  let current = task;
  for (;;) {
    const status = await api.get(path, undefined, signal);
    const next = taskOutcome(current, isRecord(status) ? status : {});
    if (next.state !== current.state || next.message !== current.message) yield next;
    current = next;
    if (current.state !== 'running' && current.state !== 'queued') return;
    await sleep(pollMs, signal);
  }
}

/** The whole task log, 500 lines per call. */
export async function taskLog(api: ProxmoxApi, task: TaskInfo, signal: AbortSignal): Promise<string[]> {
  const path = `${apiPaths.task(nodeOf(task), task.id)}/log`;
  const lines: string[] = [];
  const pageSize = 500;
  for (;;) {
    const rows = readRows(await api.get(path, { start: lines.length, limit: pageSize }, signal));
    for (const row of rows) lines.push(readString(row.t) ?? '');
    if (rows.length < pageSize) return lines;
  }
}
