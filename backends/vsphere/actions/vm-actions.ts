import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ActionRequest, TaskInfo } from '../../../common/model/operations';
import { retrieveObjects } from '../property-collector';
import type { VimSession } from '../session';
import { element, leaf, ref } from '../soap/envelope';
import { vimFaultOf } from '../soap/fault';
import { child, moRefOf, type MoRef } from '../soap/xml-node';
import { refParam, targetRef } from './targets';

/** Guest operations are not tasks on the server: their TaskInfo ids carry this prefix and are followed by polling the VM. */
export const guestTaskPrefix = 'guest-';

interface Invocation {
  method: string;
  target: MoRef;
  args?: string;
}

/** Starts an action; returns the task to follow (a vim25 Task, or a guest operation). */
export async function startAction(
  session: VimSession,
  connectionId: string,
  request: ActionRequest,
  signal: AbortSignal,
): Promise<TaskInfo> {
  const startedAt = new Date().toISOString();
  const base = { action: request.action, target: request.target, startedAt };
  if (request.action === 'power.shutdown' || request.action === 'power.reboot') {
    const { ref: vm } = targetRef(connectionId, request.target, ['vm']);
    const method = request.action === 'power.shutdown' ? 'ShutdownGuest' : 'RebootGuest';
    await invokeGuest(session, method, vm, signal);
    const kind = request.action === 'power.shutdown' ? 'shutdown' : 'reboot';
    return { ...base, id: `${guestTaskPrefix}${kind}:${vm.value}`, state: 'running', message: `${kind} requested from VMware Tools` };
  }
  const invocation = await invocationFor(session, connectionId, request, signal);
  const answer = await session.call(invocation, signal);
  const task = moRefOf(child(answer, 'returnval'));
  if (!task) throw new SkydeckFailure('bad-response', `${session.host} (${invocation.method}) returned no task.`, { retryable: false });
  return { ...base, id: task.value, state: 'queued' };
}

async function invokeGuest(session: VimSession, method: string, vm: MoRef, signal: AbortSignal): Promise<void> {
  try {
    await session.call({ method, target: vm }, signal);
  } catch (error) {
    if (vimFaultOf(error) === 'MethodNotFound') {
      throw new SkydeckFailure(
        'unsupported',
        `${session.host} does not offer ${method} (guest ${method === 'RebootGuest' ? 'reboot' : 'shutdown'} through VMware Tools).`,
      );
    }
    if (vimFaultOf(error) === 'ToolsUnavailable') {
      throw new SkydeckFailure('conflict', `VMware Tools are not running in ${vm.value}: use power off or reset instead.`);
    }
    throw error;
  }
}

async function invocationFor(session: VimSession, connectionId: string, request: ActionRequest, signal: AbortSignal): Promise<Invocation> {
  const params = request.params;
  const text = (name: string): string | undefined => (params?.[name] === undefined ? undefined : String(params[name]));
  const flag = (name: string, fallback: boolean): boolean =>
    params?.[name] === undefined ? fallback : params[name] === true || params[name] === 'true';
  switch (request.action) {
    case 'power.start':
    case 'power.resume':
      return { method: 'PowerOnVM_Task', target: targetRef(connectionId, request.target, ['vm']).ref };
    case 'power.stop':
      return { method: 'PowerOffVM_Task', target: targetRef(connectionId, request.target, ['vm']).ref };
    case 'power.reset':
      return { method: 'ResetVM_Task', target: targetRef(connectionId, request.target, ['vm']).ref };
    case 'power.suspend':
      return { method: 'SuspendVM_Task', target: targetRef(connectionId, request.target, ['vm']).ref };
    case 'snapshot.create':
      return {
        method: 'CreateSnapshot_Task',
        target: targetRef(connectionId, request.target, ['vm']).ref,
        args:
          leaf('name', text('name') ?? `Skydeck ${new Date().toISOString()}`) +
          leaf('description', text('description') ?? '') +
          leaf('memory', flag('memory', false)) +
          leaf('quiesce', flag('quiesce', false)),
      };
    case 'snapshot.revert':
      return { method: 'RevertToSnapshot_Task', target: targetRef(connectionId, request.target, ['snapshot']).ref };
    case 'snapshot.remove':
      return {
        method: 'RemoveSnapshot_Task',
        target: targetRef(connectionId, request.target, ['snapshot']).ref,
        args: leaf('removeChildren', flag('removeChildren', false)) + leaf('consolidate', true),
      };
    case 'migrate':
      return {
        method: 'RelocateVM_Task',
        target: targetRef(connectionId, request.target, ['vm']).ref,
        args: relocateSpec(params) + leaf('priority', 'defaultPriority'),
      };
    case 'clone':
      return cloneInvocation(session, connectionId, request, signal);
    default:
      throw new SkydeckFailure('unsupported', `vSphere has no ${request.action} action.`);
  }
}

/** The RelocateSpec of a migration: destination host, datastore and/or resource pool. */
function relocateSpec(params: ActionRequest['params']): string {
  const datastore = refParam(params, 'datastore', 'Datastore');
  const pool = refParam(params, 'pool', 'ResourcePool');
  const host = refParam(params, 'host', 'HostSystem');
  if (!datastore && !pool && !host)
    throw new SkydeckFailure('invalid-input', 'A migration needs a destination host, datastore or resource pool.');
  return element('spec', ref('datastore', datastore) + ref('pool', pool) + ref('host', host));
}

/**
 * CloneVM_Task into the source's folder (or `folder`), named `name`. A template has no
 * resource pool, so the pool defaults to the root pool of the destination host's cluster.
 */
async function cloneInvocation(
  session: VimSession,
  connectionId: string,
  request: ActionRequest,
  signal: AbortSignal,
): Promise<Invocation> {
  const { ref: source } = targetRef(connectionId, request.target, ['vm', 'template']);
  const name = request.params?.name;
  if (typeof name !== 'string' || name.trim() === '') throw new SkydeckFailure('invalid-input', 'A clone needs a name.');
  const [sourceContent] = await retrieveObjects(
    session,
    [source],
    [{ type: 'VirtualMachine', paths: ['parent', 'resourcePool', 'runtime.host'] }],
    signal,
  );
  const folder = refParam(request.params, 'folder', 'Folder') ?? moRefOf(sourceContent?.props.get('parent'));
  const host = refParam(request.params, 'host', 'HostSystem') ?? moRefOf(sourceContent?.props.get('runtime.host'));
  let pool = refParam(request.params, 'pool', 'ResourcePool') ?? moRefOf(sourceContent?.props.get('resourcePool'));
  if (!pool && host) pool = await rootPoolOf(session, host, signal);
  if (!folder) throw new SkydeckFailure('invalid-input', `Cannot tell which folder the clone of ${source.value} goes to: give a folder.`);
  if (!pool)
    throw new SkydeckFailure('invalid-input', `Cannot tell which resource pool the clone of ${source.value} goes to: give a pool or host.`);
  const powerOn = request.params?.powerOn === true || request.params?.powerOn === 'true';
  const location = element(
    'location',
    ref('datastore', refParam(request.params, 'datastore', 'Datastore')) + ref('pool', pool) + ref('host', host),
  );
  return {
    method: 'CloneVM_Task',
    target: source,
    args:
      ref('folder', folder) + leaf('name', name.trim()) + element('spec', location + leaf('template', false) + leaf('powerOn', powerOn)),
  };
}

async function rootPoolOf(session: VimSession, host: MoRef, signal: AbortSignal): Promise<MoRef | undefined> {
  const [hostContent] = await retrieveObjects(session, [host], [{ type: 'HostSystem', paths: ['parent'] }], signal);
  const computeResource = moRefOf(hostContent?.props.get('parent'));
  if (!computeResource) return undefined;
  const [resource] = await retrieveObjects(session, [computeResource], [{ type: 'ComputeResource', paths: ['resourcePool'] }], signal);
  return moRefOf(resource?.props.get('resourcePool'));
}
