import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { objectId } from '../../common/model/inventory';
import type { ActionName, ActionRequest, TaskInfo } from '../../common/model/operations';
import { record, text, type NativeBody } from './mapping/context';
import { atLeast } from './microversions';
import { listAll, type ListRequest } from './pager';
import type { OpenstackSession } from './session';
import { encodeTaskRef, nativeTarget, type TaskRef } from './task-ref';

/** A Nova server action: its body, and the statuses that mean it is done. */
interface ServerVerb {
  body(params: ActionRequest['params'], session: OpenstackSession, server: NativeBody): Record<string, unknown>;
  doneWhen: readonly string[];
}

const fixed =
  (body: Record<string, unknown>): ServerVerb['body'] =>
  () =>
    body;

const serverVerbs: Partial<Record<ActionName, ServerVerb>> = {
  'power.start': { body: fixed({ 'os-start': null }), doneWhen: ['ACTIVE'] },
  'power.stop': { body: fixed({ 'os-stop': null }), doneWhen: ['SHUTOFF'] },
  // Nova's stop is already a clean shutdown with a timeout.
  'power.shutdown': { body: fixed({ 'os-stop': null }), doneWhen: ['SHUTOFF'] },
  'power.reboot': { body: fixed({ reboot: { type: 'SOFT' } }), doneWhen: ['ACTIVE'] },
  'power.reset': { body: fixed({ reboot: { type: 'HARD' } }), doneWhen: ['ACTIVE'] },
  'power.suspend': { body: fixed({ suspend: null }), doneWhen: ['SUSPENDED'] },
  // Resume what was suspended, unpause what was paused: both bring the guest back.
  'power.resume': {
    body: (_params, _session, server) => (server.status === 'PAUSED' ? { unpause: null } : { resume: null }),
    doneWhen: ['ACTIVE'],
  },
  'power.pause': { body: fixed({ pause: null }), doneWhen: ['PAUSED'] },
  'power.unpause': { body: fixed({ unpause: null }), doneWhen: ['ACTIVE'] },
  shelve: { body: fixed({ shelve: null }), doneWhen: ['SHELVED', 'SHELVED_OFFLOADED'] },
  unshelve: { body: fixed({ unshelve: null }), doneWhen: ['ACTIVE'] },
  'snapshot.create': {
    body: (params, _session, server) => ({
      createImage: { name: String(params?.name ?? `${String(server.name ?? server.id)}-snapshot`), metadata: {} },
    }),
    doneWhen: ['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED'],
  },
  migrate: {
    body: (params, session) => {
      const host = typeof params?.host === 'string' && params.host ? params.host : null;
      const version = session.microversion('compute');
      return {
        'os-migrateLive': atLeast(version, 2, 25)
          ? { host, block_migration: 'auto' }
          : { host, block_migration: false, disk_over_commit: false },
      };
    },
    doneWhen: ['ACTIVE', 'PAUSED'],
  },
};

/** The actions this connector carries out, for the UI to offer. */
export const supportedActions: readonly ActionName[] = [...(Object.keys(serverVerbs) as ActionName[]), 'snapshot.remove', 'server.create'];

/** The statuses a server action ends in, for following it. */
export const doneStatuses = (action: string): readonly string[] | undefined => serverVerbs[action as ActionName]?.doneWhen;

const startedTask = (request: ActionRequest, ref: TaskRef, target = request.target): TaskInfo => ({
  id: encodeTaskRef(ref),
  action: request.action,
  target,
  state: 'running',
  startedAt: new Date().toISOString(),
});

/** Starts an action; its completion is followed by followTask. */
export async function startAction(
  session: OpenstackSession,
  connectionId: string,
  request: ActionRequest,
  signal: AbortSignal,
): Promise<TaskInfo> {
  if (request.action === 'server.create') return createServer(session, connectionId, request, signal);
  if (request.action === 'snapshot.remove') return removeSnapshot(session, request, signal);
  const verb = serverVerbs[request.action];
  if (!verb) throw new SkydeckFailure('unsupported', `OpenStack servers cannot do "${request.action}".`);
  const { nativeId } = nativeTarget(request.target, ['vm'], request.action);
  const server = (await session.call<{ server: NativeBody }>('compute', { path: `/servers/${nativeId}`, signal })).body.server;
  const answer = await session.call<NativeBody | undefined>('compute', {
    method: 'POST',
    path: `/servers/${nativeId}/action`,
    body: verb.body(request.params, session, server),
    signal,
  });
  const ref: TaskRef = {};
  if (answer.requestId) ref.requestId = answer.requestId;
  if (request.action === 'snapshot.create') {
    // Nova 2.45+ answers {image_id}; older ones put the image's URL in the Location header.
    const location = answer.headers.location;
    const imageId = text(answer.body?.image_id) ?? (typeof location === 'string' ? location.split('/').pop() : undefined);
    if (imageId) ref.imageId = imageId;
  }
  return startedTask(request, ref);
}

async function removeSnapshot(session: OpenstackSession, request: ActionRequest, signal: AbortSignal): Promise<TaskInfo> {
  const { nativeId } = nativeTarget(request.target, ['snapshot'], request.action);
  // Instance snapshots live in Glance, volume snapshots in Cinder; the id tells which by where it exists.
  if (session.has('image')) {
    const image = await session.call('image', { method: 'DELETE', path: `/images/${nativeId}`, accept: [404], signal });
    if (image.status !== 404)
      return {
        ...startedTask(request, image.requestId ? { requestId: image.requestId } : {}),
        state: 'succeeded',
        endedAt: new Date().toISOString(),
      };
  }
  const volumeSnapshot = await session.call('block-storage', { method: 'DELETE', path: `/snapshots/${nativeId}`, signal });
  return startedTask(request, volumeSnapshot.requestId ? { requestId: volumeSnapshot.requestId } : {});
}

async function findByNameOrId(
  session: OpenstackSession,
  service: 'compute' | 'network' | 'image',
  path: string,
  key: string,
  wanted: string,
  signal: AbortSignal,
): Promise<string> {
  const byId = await session.call<NativeBody>(service, { path: `${path}/${encodeURIComponent(wanted)}`, accept: [404], signal });
  if (byId.status !== 404) return wanted;
  // Neutron and Glance filter by name; Nova's flavor list refuses the filter (2.75+), so names are compared here.
  const request: ListRequest =
    service === 'compute'
      ? { service, path: `${path}/detail`, resourceKey: key }
      : { service, path, resourceKey: key, query: { name: wanted } };
  const matches = (await listAll<NativeBody>(session, request, signal)).filter((item) => item.name === wanted);
  if (matches.length !== 1) {
    throw new SkydeckFailure(
      'invalid-input',
      matches.length
        ? `Several ${key} are named "${wanted}"; give its ID.`
        : `No ${key.replace(/s$/, '')} is named or numbered "${wanted}".`,
    );
  }
  return String(matches[0]?.id);
}

/** server.create: a server from an image (the target or params.image), a flavor and a network. */
async function createServer(
  session: OpenstackSession,
  connectionId: string,
  request: ActionRequest,
  signal: AbortSignal,
): Promise<TaskInfo> {
  const params = request.params ?? {};
  const name = text(params.name);
  const flavorWanted = text(params.flavor);
  if (!name || !flavorWanted) throw new SkydeckFailure('invalid-input', 'Creating a server needs a name and a flavor.');
  let imageId = text(params.image);
  if (!imageId) imageId = nativeTarget(request.target, ['template'], 'server.create').nativeId;
  else imageId = await findByNameOrId(session, 'image', '/images', 'images', imageId, signal);
  const flavorId = await findByNameOrId(session, 'compute', '/flavors', 'flavors', flavorWanted, signal);
  const networkWanted = text(params.network);
  const networks = networkWanted
    ? [{ uuid: await findByNameOrId(session, 'network', '/networks', 'networks', networkWanted, signal) }]
    : 'auto';
  const server: Record<string, unknown> = { name, imageRef: imageId, flavorRef: flavorId, networks };
  if (text(params.keyName)) server.key_name = params.keyName;
  if (text(params.availabilityZone)) server.availability_zone = params.availabilityZone;
  const answer = await session.call<{ server?: NativeBody }>('compute', { method: 'POST', path: '/servers', body: { server }, signal });
  const created = text(record(answer.body?.server).id);
  if (!created) throw new SkydeckFailure('bad-response', 'Nova accepted the new server but did not say its id.');
  return startedTask(request, answer.requestId ? { requestId: answer.requestId } : {}, objectId(connectionId, 'vm', created));
}
