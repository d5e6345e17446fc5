import { readBody } from '../../core/simulator/server';
import { Router, badRequest, forbidden, isoSeconds, notFound, reply, type SimRequest } from './http';
import { finishUpload } from './lifecycle';
import { glanceLinks, pageParams, slicePage } from './paging';
import type { SimImage } from './state';
import type { Caller, SimWorld } from './world';

const limitDefault = 25;
const limitMax = 1000;

/** Glance's time filters: "gte:2024-05-01T10:00:00Z" and friends. */
export function timeFilter(text: string): (ms: number) => boolean {
  const match = /^(gt|gte|lt|lte|eq|neq):(.+)$/.exec(text);
  const operator = match?.[1] ?? 'eq';
  const at = Date.parse(match?.[2] ?? text);
  if (Number.isNaN(at)) throw badRequest(`Unable to parse datetime '${text}'.`);
  const at1 = Math.floor(at / 1000) * 1000;
  return (ms) => {
    const value = Math.floor(ms / 1000) * 1000;
    switch (operator) {
      case 'gt':
        return value > at1;
      case 'gte':
        return value >= at1;
      case 'lt':
        return value < at1;
      case 'lte':
        return value <= at1;
      case 'neq':
        return value !== at1;
      default:
        return value === at1;
    }
  };
}

/** Glance v2 images. */
export function glanceRouter(world: SimWorld): Router<{ request: SimRequest; caller: Caller }> {
  const cloud = world.cloud;
  const listedFor = (image: SimImage, caller: Caller, visibility: string | null): boolean => {
    if (visibility)
      return (
        image.visibility === visibility &&
        (caller.isAdmin || image.visibility === 'public' || image.visibility === 'community' || image.ownerId === caller.projectId)
      );
    if (caller.isAdmin) return image.visibility !== 'community' || image.ownerId === caller.projectId;
    return image.visibility === 'public' || image.ownerId === caller.projectId;
  };
  const readable = (image: SimImage, caller: Caller): boolean =>
    caller.isAdmin || image.visibility === 'public' || image.visibility === 'community' || image.ownerId === caller.projectId;

  const view = (image: SimImage): Record<string, unknown> => ({
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: image.protected,
    os_hidden: false,
    owner: image.ownerId,
    checksum: image.checksum,
    os_hash_algo: image.checksum ? 'sha512' : null,
    os_hash_value: image.checksum ? `${image.checksum}${'0'.repeat(96)}` : null,
    size: image.size,
    virtual_size: image.virtualSize,
    min_disk: image.minDisk,
    min_ram: image.minRam,
    disk_format: image.diskFormat,
    container_format: image.containerFormat,
    tags: [...image.tags],
    created_at: isoSeconds(image.createdAt),
    updated_at: isoSeconds(image.updatedAt),
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
    ...(image.status === 'active' ? { stores: 'file' } : {}),
  });

  const find = (caller: Caller, id: string | undefined): SimImage => {
    const image = cloud.images.get(id ?? '');
    if (!image || !readable(image, caller)) throw notFound(`No image found with ID ${id}`);
    return image;
  };

  return new Router<{ request: SimRequest; caller: Caller }>()
    .on('GET', '/v2/images', ({ request, caller }) => {
      const params = request.url.searchParams;
      const visibility = params.get('visibility');
      const status = params.get('status');
      const owner = params.get('owner');
      const name = params.get('name');
      const updated = params.get('updated_at') ? timeFilter(params.get('updated_at') as string) : undefined;
      const created = params.get('created_at') ? timeFilter(params.get('created_at') as string) : undefined;
      const rows = cloud.images
        .sorted()
        .filter(
          (image) =>
            listedFor(image, caller, visibility) &&
            (!status || image.status === status) &&
            (!owner || image.ownerId === owner) &&
            (!name || image.name === name) &&
            (!updated || updated(image.updatedAt)) &&
            (!created || created(image.createdAt)),
        );
      const page = pageParams(request, undefined);
      const limit = Math.min(page.limit ?? limitDefault, limitMax);
      const items = slicePage(rows, { ...page, limit }, (marker) => badRequest(`marker not found ${marker}`));
      return reply(200, { images: items.map(view), ...glanceLinks(request, items, limit), schema: '/v2/schemas/images' });
    })
    .on('GET', '/v2/images/{id}', ({ caller }, { id }) => reply(200, view(find(caller, id))))
    .on('POST', '/v2/images', async ({ request, caller }) => {
      const body = await request.json<Record<string, unknown>>();
      const visibility = (body.visibility as SimImage['visibility'] | undefined) ?? 'shared';
      if (visibility === 'public' && !caller.isAdmin) throw forbidden('You are not authorized to complete publicize_image action.');
      const known = new Set(['id', 'name', 'visibility', 'disk_format', 'container_format', 'min_disk', 'min_ram', 'protected', 'tags']);
      const properties: Record<string, string> = {};
      for (const [key, value] of Object.entries(body)) if (!known.has(key)) properties[key] = String(value);
      const now = Date.now();
      const image: SimImage = {
        id: typeof body.id === 'string' ? body.id : world.uuid(),
        name: String(body.name ?? ''),
        ownerId: caller.projectId,
        status: 'queued',
        visibility,
        diskFormat: (body.disk_format as string | undefined) ?? null,
        containerFormat: (body.container_format as string | undefined) ?? null,
        size: null,
        virtualSize: null,
        minDisk: Number(body.min_disk ?? 0),
        minRam: Number(body.min_ram ?? 0),
        protected: body.protected === true,
        tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
        checksum: null,
        properties,
        createdAt: now,
        updatedAt: now,
      };
      cloud.images.put(image);
      return reply(201, view(image), { location: `${request.base}/v2/images/${image.id}` });
    })
    .on('PUT', '/v2/images/{id}/file', async ({ request, caller }, { id }) => {
      const image = find(caller, id);
      if (!caller.isAdmin && image.ownerId !== caller.projectId) throw forbidden('You are not authorized to complete upload_image action.');
      const data = await readBody(request.raw);
      if (!image.diskFormat || !image.containerFormat)
        throw badRequest('Properties disk_format, container_format must be set prior to saving data.');
      finishUpload(image, Buffer.byteLength(data));
      return reply(204);
    })
    .on('DELETE', '/v2/images/{id}', ({ caller }, { id }) => {
      const image = find(caller, id);
      if (!caller.isAdmin && image.ownerId !== caller.projectId) throw forbidden('You are not authorized to complete delete_image action.');
      if (image.protected) throw forbidden(`Image ${image.id} is protected and cannot be deleted.`);
      cloud.images.delete(image.id);
      return reply(204);
    });
}
