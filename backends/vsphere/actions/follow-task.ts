import type { TaskInfo, TaskState } from '../../../common/model/operations';
import { sleep } from '../../core/concurrency';
import { retrieveObjects } from '../property-collector';
import type { VimSession } from '../session';
import { describeFault, faultTypeOf } from '../soap/fault';
import { child, moRefOf, numberAt, textAt, type XmlNode } from '../soap/xml-node';
import { guestTaskPrefix } from './vm-actions';

const taskStates: Record<string, TaskState> = { queued: 'queued', running: 'running', success: 'succeeded', error: 'failed' };

/** A vim25 TaskInfo as Skydeck's, the fault turned into a sentence. */
export function taskInfoFrom(task: TaskInfo, info: XmlNode | undefined): TaskInfo {
  const state = taskStates[textAt(info, 'state') ?? ''] ?? task.state;
  const next: TaskInfo = { ...task, state };
  const progress = numberAt(info, 'progress');
  if (progress !== undefined) next.progress = progress;
  if (state === 'succeeded') next.progress = 100;
  const started = textAt(info, 'startTime');
  if (started) next.startedAt = started;
  const ended = textAt(info, 'completeTime');
  if (ended) next.endedAt = ended;
  if (state === 'failed') {
    const error = child(info, 'error');
    const fault = child(error, 'fault');
    next.message = describeFault(fault ? faultTypeOf(fault) : 'error', fault, textAt(error, 'localizedMessage'));
    if (textAt(info, 'cancelled') === 'true') next.state = 'cancelled';
  } else if (state === 'succeeded') {
    const result = moRefOf(child(info, 'result'));
    next.message = result ? `done: ${result.type} ${result.value}` : 'done';
  }
  return next;
}

/**
 * Polls a task until it ends (0.25 s at first, slowing to 2 s), yielding each change.
 * Guest shutdown is followed on the VM's power state; a guest reboot ends once requested.
 */
export async function* followTask(session: VimSession, task: TaskInfo, signal: AbortSignal): AsyncGenerator<TaskInfo> {
  if (task.id.startsWith(guestTaskPrefix)) {
    yield* followGuestOperation(session, task, signal);
    return;
  }
  let current = task;
  let delay = 250;
  for (;;) {
    const [content] = await retrieveObjects(session, [{ type: 'Task', value: task.id }], [{ type: 'Task', paths: ['info'] }], signal);
    const next = taskInfoFrom(current, content?.props.get('info'));
    if (next.state !== current.state || next.progress !== current.progress || next.message !== current.message) yield next;
    current = next;
    if (isFinal(current.state)) return;
    await sleep(delay, signal);
    delay = Math.min(2_000, delay * 2);
  }
}

async function* followGuestOperation(session: VimSession, task: TaskInfo, signal: AbortSignal): AsyncGenerator<TaskInfo> {
  const [kind, vm] = task.id.slice(guestTaskPrefix.length).split(':') as [string, string];
  if (kind === 'reboot') {
    yield { ...task, state: 'succeeded', progress: 100, endedAt: new Date().toISOString(), message: 'reboot requested from VMware Tools' };
    return;
  }
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const [content] = await retrieveObjects(
      session,
      [{ type: 'VirtualMachine', value: vm }],
      [{ type: 'VirtualMachine', paths: ['runtime.powerState'] }],
      signal,
    );
    if (textAt(content?.props.get('runtime.powerState')) === 'poweredOff') {
      yield { ...task, state: 'succeeded', progress: 100, endedAt: new Date().toISOString(), message: 'the guest shut down' };
      return;
    }
    await sleep(1_000, signal);
  }
  yield { ...task, state: 'failed', endedAt: new Date().toISOString(), message: 'the guest did not shut down within 10 minutes' };
}

const isFinal = (state: TaskState): boolean => state === 'succeeded' || state === 'failed' || state === 'cancelled';
