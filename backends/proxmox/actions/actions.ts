import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { parseObjectId } from '../../../common/model/inventory';
import type { ActionName, ActionRequest, TaskInfo } from '../../../common/model/operations';
import type { ProxmoxApi } from '../api/client';
import type { ApiMethod, ApiParams } from '../api/transport';
import { readString } from '../api/lenient';
import { apiPaths } from '../api/paths';
import { parseUpid } from '../api/upid';
import { readTarget } from '../inventory/ids';
import type { GuestLocator, LocatedGuest } from '../inventory/guest-locator';

interface PlannedCall {
  method: ApiMethod;
  /** Below the guest's base path. */
  suffix: string;
  params?: ApiParams;
}

type Params = NonNullable<ActionRequest['params']>;

const powerVerbs: Partial<Record<ActionName, string>> = {
  'power.start': 'start',
  'power.stop': 'stop',
  'power.shutdown': 'shutdown',
  'power.reboot': 'reboot',
  'power.reset': 'reset',
  'power.suspend': 'suspend',
  'power.resume': 'resume',
};

const snapshotName = /^[A-Za-z][A-Za-z0-9_-]{1,39}$/;

function text(params: Params, key: string): string | undefined {
  const value = params[key];
  return value === undefined || value === '' ? undefined : String(value);
}

function requireSnapshotName(name: string | undefined): string {
  if (!name) throw new SkydeckFailure('invalid-input', 'Name the snapshot (params.name).');
  if (!snapshotName.test(name)) {
    throw new SkydeckFailure(
      'invalid-input',
      `"${name}" cannot be a Proxmox snapshot name: 2–40 letters, digits, "-" or "_", starting with a letter.`,
    );
  }
  return name;
}

/** A host object id ("conn/host/pve2") or a plain node name → the node name. */
function nodeName(value: string | undefined, what: string): string {
  if (!value) throw new SkydeckFailure('invalid-input', `Choose the ${what} node (params.target).`);
  const parsed = parseObjectId(value);
  if (parsed) {
    if (parsed.kind !== 'host') throw new SkydeckFailure('invalid-input', `The ${what} must be a node, not a ${parsed.kind}.`);
    return parsed.nativeId;
  }
  return value;
}

async function plan(
  api: ProxmoxApi,
  action: ActionName,
  guest: LocatedGuest,
  snapshot: string | undefined,
  params: Params,
  signal: AbortSignal,
): Promise<PlannedCall> {
  const { ref, row } = guest;
  const running = readString(row.status) === 'running';
  const power = powerVerbs[action];
  if (power) {
    if (ref.template) throw new SkydeckFailure('invalid-input', `${ref.vmid} is a template: clone it instead of powering it on.`);
    if (ref.type === 'lxc' && power === 'reset')
      throw new SkydeckFailure('unsupported', 'Containers cannot be reset; reboot or stop them instead.');
    return { method: 'POST', suffix: `/status/${power}` };
  }
  switch (action) {
    case 'snapshot.create': {
      const snapParams: ApiParams = { snapname: requireSnapshotName(snapshot ?? text(params, 'name')) };
      const description = text(params, 'description');
      if (description) snapParams.description = description;
      if (ref.type === 'qemu' && running && params.includeMemory === true) snapParams.vmstate = true;
      return { method: 'POST', suffix: '/snapshot', params: snapParams };
    }
    case 'snapshot.revert':
      return {
        method: 'POST',
        suffix: `/snapshot/${encodeURIComponent(requireSnapshotName(snapshot ?? text(params, 'name')))}/rollback`,
        ...(params.start === true ? { params: { start: true } } : {}),
      };
    case 'snapshot.remove':
      return { method: 'DELETE', suffix: `/snapshot/${encodeURIComponent(requireSnapshotName(snapshot ?? text(params, 'name')))}` };
    case 'migrate': {
      const target = nodeName(text(params, 'target'), 'destination');
      if (target === ref.node) throw new SkydeckFailure('invalid-input', `${ref.vmid} already runs on ${target}.`);
      const migrateParams: ApiParams = { target };
      if (running && ref.type === 'qemu') migrateParams.online = true;
      if (running && ref.type === 'lxc') migrateParams.restart = true;
      return { method: 'POST', suffix: '/migrate', params: migrateParams };
    }
    case 'clone': {
      const newid = text(params, 'newid') ?? readString(await api.get('/cluster/nextid', undefined, signal));
      if (!newid || !/^\d+$/.test(newid)) throw new SkydeckFailure('bad-response', `${api.host} did not hand out a free VM id.`);
      const cloneParams: ApiParams = { newid };
      const name = text(params, 'name');
      if (name) cloneParams[ref.type === 'qemu' ? 'name' : 'hostname'] = name;
      const target = text(params, 'target');
      if (target) cloneParams.target = nodeName(target, 'destination');
      // PVE makes linked clones of templates by default and full clones of anything else.
      if (params.full !== undefined) cloneParams.full = params.full === true;
      const pool = text(params, 'pool');
      if (pool) cloneParams.pool = parseObjectId(pool)?.nativeId ?? pool;
      return { method: 'POST', suffix: '/clone', params: cloneParams };
    }
    default:
      throw new SkydeckFailure('unsupported', `Proxmox VE has no "${action}" for guests.`);
  }
}

/**
 * Starts an action on a guest (or one of its snapshots) and answers the task PVE started,
 * its id being the UPID that `followTask` polls.
 */
export async function startAction(api: ProxmoxApi, locator: GuestLocator, request: ActionRequest, signal: AbortSignal): Promise<TaskInfo> {
  const target = readTarget(request.target);
  if (!target || (target.kind !== 'guest' && target.kind !== 'snapshot')) {
    throw new SkydeckFailure('invalid-input', `Proxmox actions work on VMs, containers and their snapshots, not on ${request.target}.`);
  }
  if (target.kind === 'snapshot' && !request.action.startsWith('snapshot.')) {
    throw new SkydeckFailure('invalid-input', `"${request.action}" does not apply to a snapshot; choose its VM.`);
  }
  const guest = await locator.locate(target.vmid, signal, true);
  const call = await plan(api, request.action, guest, target.kind === 'snapshot' ? target.name : undefined, request.params ?? {}, signal);
  const base = apiPaths.guest(guest.ref.node, guest.ref.type, guest.ref.vmid);
  const upid = readString(await api.call(call.method, `${base}${call.suffix}`, call.params, signal));
  const parsed = upid ? parseUpid(upid) : undefined;
  if (!upid || !parsed) throw new SkydeckFailure('bad-response', `${api.host} accepted ${request.action} but answered no task id.`);
  return {
    id: upid,
    action: request.action,
    target: request.target,
    state: 'running',
    startedAt: new Date(parsed.startTime * 1000).toISOString(),
  };
}
