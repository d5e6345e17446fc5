import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { TaskInfo } from '../../common/model/operations';
import { sleep } from '../core/concurrency';
import { doneStatuses } from './actions';
import { list, num, record, text, type NativeBody } from './mapping/context';
import type { OpenstackSession } from './session';
import { decodeTaskRef, nativeTarget, type TaskRef } from './task-ref';

interface Progress {
  state: TaskInfo['state'];
  message?: string;
  progress?: number;
}

const running = (message?: string, progress?: number): Progress => ({
  state: 'running',
  ...(message ? { message } : {}),
  ...(progress !== undefined ? { progress } : {}),
});

/**
 * Follows a task to its end by polling, with a wait that grows from pollIntervalMs to
 * maxPollIntervalMs: the server's status and task_state, then Nova's instance action (which
 * says whether the compute host or conductor failed), then the image for a snapshot.
 */
export async function* followTask(session: OpenstackSession, task: TaskInfo, signal: AbortSignal): AsyncGenerator<TaskInfo> {
  const { pollIntervalMs, maxPollIntervalMs, actionTimeoutMs } = session.tuning;
  const deadline = Date.parse(task.startedAt) + actionTimeoutMs;
  const ref = decodeTaskRef(task.id);
  let current = task;
  let wait = pollIntervalMs;
  for (;;) {
    const progress =
      task.state === 'succeeded' || task.state === 'failed' ? { state: task.state } : await check(session, task, ref, signal);
    const next: TaskInfo = { ...current, state: progress.state };
    if (progress.message !== undefined) next.message = progress.message;
    if (progress.progress !== undefined) next.progress = progress.progress;
    const final = progress.state === 'succeeded' || progress.state === 'failed';
    if (!final && Date.now() > deadline) {
      yield {
        ...next,
        state: 'failed',
        message: `Still not finished after ${Math.round(actionTimeoutMs / 60_000)} min; check the server in OpenStack.`,
        endedAt: new Date().toISOString(),
      };
      return;
    }
    if (final) next.endedAt = new Date().toISOString();
    if (final || next.state !== current.state || next.message !== current.message || next.progress !== current.progress) yield next;
    if (final) return;
    current = next;
    await sleep(wait, signal);
    wait = Math.min(maxPollIntervalMs, Math.round(wait * 1.5));
  }
}

async function check(session: OpenstackSession, task: TaskInfo, ref: TaskRef, signal: AbortSignal): Promise<Progress> {
  if (task.action === 'snapshot.remove') return checkSnapshotGone(session, task, signal);
  const { nativeId } = nativeTarget(task.target, ['vm'], String(task.action));
  const answer = await session.call<{ server?: NativeBody }>('compute', { path: `/servers/${nativeId}`, accept: [404], signal });
  if (answer.status === 404) return { state: 'failed', message: `Server ${nativeId} no longer exists.` };
  const server = answer.body?.server ?? {};
  const status = String(server.status ?? '');
  const taskState = text(server['OS-EXT-STS:task_state']);
  if (status === 'ERROR') {
    const fault = record(server.fault);
    return { state: 'failed', message: `Server went to ERROR: ${text(fault.message) ?? 'no fault given by Nova'}` };
  }
  const expected = task.action === 'server.create' ? ['ACTIVE'] : doneStatuses(String(task.action));
  if (!expected) throw new SkydeckFailure('unsupported', `Skydeck cannot follow "${task.action}" on OpenStack.`);
  if (taskState || !expected.includes(status))
    return running(taskState ? `${status.toLowerCase()} (${taskState})` : status.toLowerCase(), num(server.progress));
  const failure = ref.requestId ? await instanceActionFailure(session, nativeId, ref.requestId, signal) : undefined;
  if (failure) return { state: 'failed', message: failure };
  if (ref.imageId) return checkImage(session, ref.imageId, signal);
  return { state: 'succeeded', message: `Server is ${status.toLowerCase()}.` };
}

/** Nova's record of the action: an event that ended in Error means the action failed. */
async function instanceActionFailure(
  session: OpenstackSession,
  serverId: string,
  requestId: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const answer = await session.call<{ instanceAction?: NativeBody }>('compute', {
    path: `/servers/${serverId}/os-instance-actions/${requestId}`,
    accept: [404],
    signal,
  });
  if (answer.status === 404) return undefined;
  const action = record(answer.body?.instanceAction);
  const failed = list(action.events)
    .map(record)
    .filter((event) => event.result === 'Error');
  if (failed.length === 0) return undefined;
  const reasons = failed.map((event) => text(event.details) ?? lastLine(text(event.traceback)) ?? String(event.event));
  return `${String(action.action ?? 'The action')} failed: ${reasons.join('; ')}`;
}

const lastLine = (traceback: string | undefined): string | undefined => traceback?.trim().split('\n').pop()?.trim() || undefined;

async function checkImage(session: OpenstackSession, imageId: string, signal: AbortSignal): Promise<Progress> {
  const answer = await session.call<NativeBody>('image', { path: `/images/${imageId}`, accept: [404], signal });
  if (answer.status === 404) return { state: 'failed', message: `Image ${imageId} was deleted before it was finished.` };
  const status = String(answer.body?.status ?? '');
  if (status === 'active') return { state: 'succeeded', message: `Image ${imageId} is ready.` };
  if (status === 'killed' || status === 'deleted' || status === 'pending_delete')
    return { state: 'failed', message: `Glance gave up on image ${imageId} (status ${status}).` };
  return running(`image ${status}`);
}

async function checkSnapshotGone(session: OpenstackSession, task: TaskInfo, signal: AbortSignal): Promise<Progress> {
  const { nativeId } = nativeTarget(task.target, ['snapshot'], 'snapshot.remove');
  const answer = await session.call<{ snapshot?: NativeBody }>('block-storage', { path: `/snapshots/${nativeId}`, accept: [404], signal });
  if (answer.status === 404) return { state: 'succeeded', message: 'Snapshot deleted.' };
  const status = String(answer.body?.snapshot?.status ?? '');
  if (status === 'error_deleting')
    return { state: 'failed', message: `Cinder could not delete snapshot ${nativeId} (status error_deleting).` };
  return running(status);
}

/** Nova's instance action as log lines: who started it, then each event and its result. */
export async function instanceActionLog(session: OpenstackSession, task: TaskInfo, signal: AbortSignal): Promise<string[]> {
  const ref = decodeTaskRef(task.id);
  const parsed = nativeTarget(task.target, ['vm', 'snapshot'], String(task.action));
  if (parsed.kind !== 'vm' || !ref.requestId) return [];
  const answer = await session.call<{ instanceAction?: NativeBody }>('compute', {
    path: `/servers/${parsed.nativeId}/os-instance-actions/${ref.requestId}`,
    accept: [404],
    signal,
  });
  if (answer.status === 404) return [];
  const action = record(answer.body?.instanceAction);
  const lines = [
    `${String(action.start_time ?? '')} ${String(action.action ?? '')} requested by user ${String(action.user_id ?? '?')} (${ref.requestId})`,
  ];
  for (const event of list(action.events).map(record)) {
    const detail = text(event.details) ?? lastLine(text(event.traceback));
    lines.push(
      `${String(event.finish_time ?? event.start_time ?? '')} ${String(event.event ?? '')}: ${String(event.result ?? 'running')}${detail ? ` — ${detail}` : ''}`,
    );
  }
  return lines;
}

/** os-getConsoleOutput: the guest's console, last `lines` lines. */
export async function consoleOutput(
  session: OpenstackSession,
  target: string,
  lines: number | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  const { nativeId } = nativeTarget(target, ['vm'], 'Console log');
  const answer = await session.call<{ output?: string }>('compute', {
    method: 'POST',
    path: `/servers/${nativeId}/action`,
    body: { 'os-getConsoleOutput': lines ? { length: lines } : {} },
    idempotent: true,
    signal,
  });
  return (answer.body?.output ?? '').split(/\r?\n/);
}
