import type { MoRef } from '../../soap/xml-node';
import { data, refValue, type DataObject, type Value } from '../model/values';
import type { SimState } from '../sim-state';
import { SoapFault } from '../soap/soap-io';

export interface SimTask {
  ref: MoRef;
  name: string;
  descriptionId: string;
  entity: MoRef;
  entityName: string;
  state: 'queued' | 'running' | 'success' | 'error';
  progress?: number;
  queueTime: Date;
  startTime?: Date;
  completeTime?: Date;
  error?: SoapFault;
  result?: Value;
}

/**
 * Starts a task that runs for the configured time: queued, running at 50 %, then the work
 * is done and the task ends in success (with its result) or error (with the fault).
 */
export function startTask(state: SimState, entity: { ref: MoRef; name: string }, method: string, work: () => Value): MoRef {
  const ref = state.inventory.newRef('Task');
  const task: SimTask = {
    ref,
    name: method,
    descriptionId: `${entity.ref.type}.${method.replace(/_Task$/, '')}`,
    entity: entity.ref,
    entityName: entity.name,
    state: 'queued',
    queueTime: new Date(),
  };
  state.tasks.set(ref.value, task);
  const duration = state.knobs.taskDurationMs;
  setTimeout(() => {
    task.state = 'running';
    task.startTime = new Date();
    task.progress = 50;
  }, duration / 3).unref();
  setTimeout(() => {
    task.startTime ??= new Date();
    try {
      task.result = work();
      task.state = 'success';
      task.progress = 100;
    } catch (error) {
      task.state = 'error';
      task.error =
        error instanceof SoapFault ? error : new SoapFault('SystemError', (error as Error).message, { reason: (error as Error).message });
    }
    task.completeTime = new Date();
    forgetOldTasks(state);
  }, duration).unref();
  return ref;
}

/** Keeps the task list bounded (a vCenter forgets finished tasks too). */
function forgetOldTasks(state: SimState): void {
  const limit = 1000;
  if (state.tasks.size <= limit) return;
  for (const [key, task] of state.tasks) {
    if (state.tasks.size <= limit) break;
    if (task.state === 'success' || task.state === 'error') state.tasks.delete(key);
  }
}

export function taskInfo(task: SimTask): DataObject {
  return data('TaskInfo', {
    key: task.ref.value,
    task: refValue(task.ref),
    name: task.name,
    descriptionId: task.descriptionId,
    entity: refValue(task.entity),
    entityName: task.entityName,
    state: task.state,
    cancelled: false,
    cancelable: false,
    error: task.error
      ? data('LocalizedMethodFault', { fault: data(task.error.faultType, task.error.detail), localizedMessage: task.error.faultString })
      : undefined,
    result: task.result,
    progress: task.progress,
    queueTime: task.queueTime,
    startTime: task.startTime,
    completeTime: task.completeTime,
  });
}
