import { Router, forbidden, notFound, reply, requestedMicroversion, type SimReply, type SimRequest } from './http';
import { hostUsage } from './lifecycle';
import type { SimHypervisor } from './state';
import type { SimWorld } from './world';

export const placementVersions = { min: [1, 0] as const, max: [1, 39] as const };

/** Placement: one resource provider per hypervisor, with inventories and usages from its servers. */
export function placementRouter(world: SimWorld): Router<SimRequest> {
  const cloud = world.cloud;
  const provider = (id: string | undefined): SimHypervisor => {
    const hypervisor = cloud.hypervisors.get(id ?? '');
    if (!hypervisor) throw notFound(`No resource provider with uuid ${id} found`);
    return hypervisor;
  };
  const generation = (hypervisor: SimHypervisor): number => 1 + hostUsage(world, hypervisor.id).servers;
  const usages = (hypervisor: SimHypervisor): Record<string, number> => {
    const used = hostUsage(world, hypervisor.id);
    return { VCPU: used.vcpus, MEMORY_MB: used.ram, DISK_GB: used.disk };
  };
  const inventory = (total: number, allocationRatio: number, reserved = 0): Record<string, number> => ({
    total,
    reserved,
    min_unit: 1,
    max_unit: total,
    step_size: 1,
    allocation_ratio: allocationRatio,
  });
  const links = (request: SimRequest, id: string): Array<{ rel: string; href: string }> =>
    ['self', 'inventories', 'usages', 'aggregates', 'traits', 'allocations'].map((rel) => ({
      rel,
      href: `${new URL(request.base).pathname}/resource_providers/${id}${rel === 'self' ? '' : `/${rel}`}`,
    }));

  return new Router<SimRequest>()
    .on('GET', '/resource_providers', (request) =>
      reply(200, {
        resource_providers: cloud.hypervisors.sorted().map((hypervisor) => ({
          uuid: hypervisor.id,
          name: hypervisor.hostname,
          generation: generation(hypervisor),
          root_provider_uuid: hypervisor.id,
          parent_provider_uuid: null,
          links: links(request, hypervisor.id),
        })),
      }),
    )
    .on('GET', '/resource_providers/{id}/inventories', (_request, { id }) => {
      const hypervisor = provider(id);
      return reply(200, {
        resource_provider_generation: generation(hypervisor),
        inventories: {
          VCPU: inventory(hypervisor.vcpus, 16),
          MEMORY_MB: inventory(hypervisor.memoryMb, 1.5, 512),
          DISK_GB: inventory(hypervisor.localGb, 1),
        },
      });
    })
    .on('GET', '/resource_providers/{id}/usages', (_request, { id }) => {
      const hypervisor = provider(id);
      return reply(200, { resource_provider_generation: generation(hypervisor), usages: usages(hypervisor) });
    });
}

/** Placement's handler: an unauthenticated root, then admin-only resource providers. */
export function placementEntry(world: SimWorld, router: Router<SimRequest>): (request: SimRequest) => Promise<SimReply> {
  return async (request) => {
    if (request.method === 'GET' && request.path === '/') {
      return reply(200, {
        versions: [
          {
            id: 'v1.0',
            max_version: placementVersions.max.join('.'),
            min_version: placementVersions.min.join('.'),
            status: 'CURRENT',
            links: [{ rel: 'self', href: '' }],
          },
        ],
      });
    }
    const caller = world.caller(request);
    const version = requestedMicroversion(request.headers, 'placement', placementVersions.min, placementVersions.max);
    const { handler, params } = router.resolve(request.method, request.path);
    const rule = request.path.includes('/usages')
      ? 'placement:resource_providers:usages'
      : request.path.includes('/inventories')
        ? 'placement:resource_providers:inventories:list'
        : 'placement:resource_providers:list';
    if (!caller.isAdmin) throw forbidden(`Policy does not allow ${rule} to be performed.`);
    const result = await handler(request, params);
    return {
      ...result,
      headers: { ...result.headers, 'openstack-api-version': `placement ${version.join('.')}`, vary: 'openstack-api-version' },
    };
  };
}
