import {
  Router,
  badRequest,
  forbidden,
  isoMicros,
  notFound,
  reply,
  requestedMicroversion,
  versionAtLeast,
  type SimReply,
  type SimRequest,
} from './http';
import { timeFilter } from './image';
import { collectionLinks, pageParams, slicePage } from './paging';
import type { SimSnapshot, SimVolume } from './state';
import type { Caller, SimWorld } from './world';

export const cinderVersions = { min: [3, 0] as const, max: [3, 70] as const };
const maxLimit = 1000;
const cinderVolumeServiceId = '0d9c3d66-6c9a-4b3c-9f3e-5a1d2f0c7b11';

export interface CinderCall {
  request: SimRequest;
  caller: Caller;
  version: [number, number];
}

const isTrue = (value: string | null): boolean => value !== null && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

/** Cinder v3: volumes, snapshots, types and zones. */
export function cinderRouter(world: SimWorld): Router<CinderCall> {
  const cloud = world.cloud;
  const owns = (row: { projectId: string }, caller: Caller): boolean => caller.isAdmin || row.projectId === caller.projectId;
  const links = (call: CinderCall, collection: string, id: string): Array<{ rel: string; href: string }> => [
    { rel: 'self', href: `${call.request.base}/v3/${call.caller.projectId}/${collection}/${id}` },
    { rel: 'bookmark', href: `${call.request.base}/${call.caller.projectId}/${collection}/${id}` },
  ];
  const typeName = (id: string): string => cloud.volumeTypes.get(id)?.name ?? id;

  const volumeView = (call: CinderCall, volume: SimVolume): Record<string, unknown> => {
    const { version, caller } = call;
    const view: Record<string, unknown> = {
      id: volume.id,
      name: volume.name,
      status: volume.status,
      size: volume.size,
      availability_zone: volume.availabilityZone,
      created_at: isoMicros(volume.createdAt),
      updated_at: isoMicros(volume.updatedAt),
      attachments: volume.attachments.map((attachment) => ({
        id: volume.id,
        attachment_id: attachment.id,
        volume_id: volume.id,
        server_id: attachment.serverId,
        host_name: attachment.hostName,
        device: attachment.device,
        attached_at: isoMicros(attachment.attachedAt),
      })),
      volume_type: typeName(volume.volumeTypeId),
      snapshot_id: volume.snapshotId,
      source_volid: volume.sourceVolumeId,
      metadata: { ...volume.metadata },
      description: volume.description,
      bootable: volume.bootable ? 'true' : 'false',
      encrypted: false,
      replication_status: null,
      consistencygroup_id: null,
      multiattach: false,
      user_id: volume.userId,
      links: links(call, 'volumes', volume.id),
    };
    // Zed's default policies show the owner and the volume service to project readers too.
    view['os-vol-tenant-attr:tenant_id'] = volume.projectId;
    if (caller.isAdmin) {
      view['os-vol-host-attr:host'] = volume.host;
      view['os-vol-mig-status-attr:migstat'] = null;
      view['os-vol-mig-status-attr:name_id'] = null;
      view.migration_status = null;
    }
    if (versionAtLeast(version, 3, 13)) view.group_id = null;
    if (versionAtLeast(version, 3, 21) && caller.isAdmin) view.provider_id = null;
    if (versionAtLeast(version, 3, 48)) {
      view.shared_targets = false;
      view.service_uuid = cinderVolumeServiceId;
    }
    if (versionAtLeast(version, 3, 61) && caller.isAdmin) view.cluster_name = null;
    if (versionAtLeast(version, 3, 63)) view.volume_type_id = volume.volumeTypeId;
    if (versionAtLeast(version, 3, 65)) view.consumes_quota = true;
    return view;
  };

  const snapshotView = (call: CinderCall, snapshot: SimSnapshot): Record<string, unknown> => {
    const view: Record<string, unknown> = {
      id: snapshot.id,
      name: snapshot.name,
      status: snapshot.status,
      size: snapshot.size,
      volume_id: snapshot.volumeId,
      created_at: isoMicros(snapshot.createdAt),
      updated_at: isoMicros(snapshot.updatedAt),
      description: snapshot.description,
      metadata: { ...snapshot.metadata },
      'os-extended-snapshot-attributes:project_id': snapshot.projectId,
      'os-extended-snapshot-attributes:progress': snapshot.status === 'available' ? '100%' : '0%',
    };
    if (versionAtLeast(call.version, 3, 14)) view.group_snapshot_id = null;
    if (versionAtLeast(call.version, 3, 41)) view.user_id = snapshot.userId;
    if (versionAtLeast(call.version, 3, 65)) view.consumes_quota = true;
    return view;
  };

  const scoped = <T extends { projectId: string; status: string; name: string; updatedAt: number }>(
    call: CinderCall,
    rows: readonly T[],
  ): T[] => {
    rejectMemberFilters(call);
    const params = call.request.url.searchParams;
    const all = isTrue(params.get('all_tenants')) && call.caller.isAdmin;
    const project = all ? params.get('project_id') : call.caller.projectId;
    const status = params.get('status');
    const name = params.get('name');
    const updatedText = params.get('updated_at');
    if (updatedText && !versionAtLeast(call.version, 3, 60)) throw badRequest(`Invalid filters updated_at are found in query options.`);
    const updated = updatedText ? timeFilter(updatedText) : undefined;
    return rows.filter(
      (row) =>
        (!project || row.projectId === project) &&
        (!status || row.status === status) &&
        (!name || row.name === name) &&
        (!updated || updated(row.updatedAt)),
    );
  };

  /**
   * Cinder checks a non-admin's filters against resource_filters.json; the lab (like any
   * Cinder installed without that file) allows none, so every filter is refused.
   */
  const rejectMemberFilters = (call: CinderCall): void => {
    if (call.caller.isAdmin) return;
    const paging = new Set(['limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir', 'with_count', 'all_tenants']);
    const invalid = [...new Set(call.request.url.searchParams.keys())].filter((key) => !paging.has(key));
    if (invalid.length) throw badRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
  };

  const list = <T extends { id: string }>(call: CinderCall, key: string, rows: readonly T[], render: (row: T) => unknown): SimReply => {
    const page = pageParams(call.request, maxLimit);
    const items = slicePage(rows, page, (marker) => notFound(`Marker ${marker} could not be found.`));
    const body: Record<string, unknown> = { [key]: items.map(render) };
    const next = collectionLinks(call.request, items, page.limit, { sortParams: false });
    if (next.length) body[`${key}_links`] = next;
    return reply(200, body);
  };

  const findVolume = (call: CinderCall, id: string | undefined): SimVolume => {
    const volume = cloud.volumes.get(id ?? '');
    if (!volume || !owns(volume, call.caller)) throw notFound(`Volume ${id} could not be found.`);
    return volume;
  };

  const router = new Router<CinderCall>();
  for (const prefix of ['/v3/{project}', '/v3']) {
    router
      .on('GET', `${prefix}/volumes`, (call) =>
        list(call, 'volumes', scoped(call, cloud.volumes.sorted()), (volume) => ({
          id: volume.id,
          name: volume.name,
          links: links(call, 'volumes', volume.id),
        })),
      )
      .on('GET', `${prefix}/volumes/detail`, (call) =>
        list(call, 'volumes', scoped(call, cloud.volumes.sorted()), (volume) => volumeView(call, volume)),
      )
      .on('GET', `${prefix}/volumes/{id}`, (call, { id }) => reply(200, { volume: volumeView(call, findVolume(call, id)) }))
      .on('POST', `${prefix}/volumes`, async (call) => {
        const wanted = (await call.request.json<{ volume?: Record<string, unknown> }>()).volume;
        const size = Number(wanted?.size);
        if (!wanted || !Number.isInteger(size) || size < 1)
          throw badRequest(`Invalid input for field/attribute size. Value: ${String(wanted?.size)}.`);
        const typeWanted = typeof wanted.volume_type === 'string' ? wanted.volume_type : undefined;
        const type = typeWanted
          ? [...cloud.volumeTypes.values()].find((candidate) => candidate.id === typeWanted || candidate.name === typeWanted)
          : ([...cloud.volumeTypes.values()].find((candidate) => candidate.name === '__DEFAULT__') ?? cloud.volumeTypes.sorted()[0]);
        if (!type) throw notFound(`Volume type with name ${typeWanted} could not be found.`);
        const now = Date.now();
        const volume: SimVolume = {
          id: world.uuid(),
          name: String(wanted.name ?? ''),
          projectId: call.caller.projectId,
          userId: call.caller.userId,
          size,
          status: 'creating',
          availabilityZone: typeof wanted.availability_zone === 'string' ? wanted.availability_zone : 'nova',
          volumeTypeId: type.id,
          bootable: typeof wanted.imageRef === 'string',
          attachments: [],
          description: typeof wanted.description === 'string' ? wanted.description : null,
          metadata: (wanted.metadata as Record<string, string> | undefined) ?? {},
          snapshotId: null,
          sourceVolumeId: null,
          host: 'controller@fake#fake',
          createdAt: now,
          updatedAt: now,
        };
        cloud.volumes.put(volume);
        world.later(() => {
          volume.status = 'available';
          volume.updatedAt = Date.now();
        });
        return reply(202, { volume: volumeView(call, volume) });
      })
      .on('DELETE', `${prefix}/volumes/{id}`, (call, { id }) => {
        const volume = findVolume(call, id);
        const snapshots = [...cloud.snapshots.values()].some((snapshot) => snapshot.volumeId === volume.id);
        if (
          !['available', 'error', 'error_restoring', 'error_extending'].includes(volume.status) ||
          volume.attachments.length ||
          snapshots
        ) {
          throw badRequest(
            'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
          );
        }
        volume.status = 'deleting';
        volume.updatedAt = Date.now();
        world.later(() => cloud.volumes.delete(volume.id));
        return reply(202);
      })
      .on('GET', `${prefix}/snapshots/detail`, (call) =>
        list(call, 'snapshots', scoped(call, cloud.snapshots.sorted()), (snapshot) => snapshotView(call, snapshot)),
      )
      .on('POST', `${prefix}/snapshots`, async (call) => {
        const wanted = (await call.request.json<{ snapshot?: Record<string, unknown> }>()).snapshot;
        const volume = findVolume(call, String(wanted?.volume_id ?? ''));
        if (volume.status !== 'available' && !(volume.status === 'in-use' && wanted?.force === true)) {
          throw badRequest(`Invalid volume: Volume ${volume.id} status must be available, but current status is: ${volume.status}.`);
        }
        const now = Date.now();
        const snapshot: SimSnapshot = {
          id: world.uuid(),
          name: String(wanted?.name ?? ''),
          volumeId: volume.id,
          projectId: volume.projectId,
          userId: call.caller.userId,
          size: volume.size,
          status: 'creating',
          description: typeof wanted?.description === 'string' ? wanted.description : null,
          metadata: {},
          createdAt: now,
          updatedAt: now,
        };
        cloud.snapshots.put(snapshot);
        world.later(() => {
          snapshot.status = 'available';
          snapshot.updatedAt = Date.now();
        });
        return reply(202, { snapshot: snapshotView(call, snapshot) });
      })
      .on('DELETE', `${prefix}/snapshots/{id}`, (call, { id }) => {
        const snapshot = cloud.snapshots.get(id ?? '');
        if (!snapshot || !owns(snapshot, call.caller)) throw notFound(`Snapshot ${id} could not be found.`);
        snapshot.status = 'deleting';
        snapshot.updatedAt = Date.now();
        world.later(() => cloud.snapshots.delete(snapshot.id));
        return reply(202);
      })
      .on('GET', `${prefix}/types`, (call) =>
        reply(200, {
          volume_types: cloud.volumeTypes.sorted().map((type) => ({
            id: type.id,
            name: type.name,
            description: type.description,
            is_public: type.isPublic,
            'os-volume-type-access:is_public': type.isPublic,
            qos_specs_id: null,
            extra_specs: call.caller.isAdmin || versionAtLeast(call.version, 3, 0) ? { ...type.extraSpecs } : {},
          })),
        }),
      )
      .on('GET', `${prefix}/os-availability-zone`, () =>
        reply(200, {
          availabilityZoneInfo: [...new Set([...cloud.volumes.values()].map((volume) => volume.availabilityZone).concat('nova'))]
            .sort()
            .map((zoneName) => ({ zoneName, zoneState: { available: true } })),
        }),
      );
  }
  return router;
}

const versionsDocument = (request: SimRequest): Record<string, unknown> => ({
  versions: [
    {
      id: 'v3.0',
      status: 'CURRENT',
      version: cinderVersions.max.join('.'),
      min_version: cinderVersions.min.join('.'),
      updated: '2023-08-31T00:00:00Z',
      links: [
        { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
        { rel: 'self', href: `${request.base}/v3/` },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    },
  ],
});

/** Cinder's handler: version documents, microversions, the project in the URL, the caller's token. */
export function cinderEntry(world: SimWorld, router: Router<CinderCall>): (request: SimRequest) => Promise<SimReply> {
  return async (request) => {
    if (request.method === 'GET' && (request.path === '/' || request.path === '/v3' || request.path === '/v3/')) {
      return reply(request.path === '/' ? 300 : 200, versionsDocument(request));
    }
    const caller = world.caller(request);
    const version = requestedMicroversion(request.headers, 'volume', cinderVersions.min, cinderVersions.max);
    const { handler, params } = router.resolve(request.method, request.path);
    if (params.project && params.project !== caller.projectId) throw forbidden('Policy does not allow this project to be accessed.');
    const result = await handler({ request, caller, version }, params);
    return {
      ...result,
      headers: { ...result.headers, 'openstack-api-version': `volume ${version.join('.')}`, vary: 'OpenStack-API-Version' },
    };
  };
}
