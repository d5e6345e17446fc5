import { createHash } from 'node:crypto';
import { Router, badRequest, notFound, reply, type SimRequest } from './http';
import type { SimServer } from './state';
import type { Caller, SimWorld } from './world';

/** Ceilometer's instance metrics as Gnocchi stores them. */
const metricNames = ['cpu', 'memory.usage', 'vcpus'] as const;
type MetricName = (typeof metricNames)[number];
const granularitySeconds = 300;

const metricId = (serverId: string, name: string): string => {
  const hex = createHash('md5').update(`${serverId}/${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** A smooth, repeatable load curve per server: 0..1 CPU utilisation at a time. */
function utilisation(server: SimServer, at: number): number {
  const phase = parseInt(server.id.slice(0, 6), 16) / 0xffffff;
  return 0.2 + 0.15 * Math.sin(at / 3_600_000 + phase * 6.28) + 0.05 * Math.sin(at / 600_000 + phase * 12.56);
}

/**
 * Gnocchi v1, only what a client reads for servers: the instance resource with its metric
 * ids, and each metric's measures at a 5-minute granularity (cpu is cumulative nanoseconds).
 */
export function gnocchiRouter(world: SimWorld): Router<{ request: SimRequest; caller: Caller }> {
  const cloud = world.cloud;
  const visible = (caller: Caller, id: string | undefined): SimServer => {
    const server = cloud.servers.get(id ?? '');
    if (!server || (!caller.isAdmin && server.projectId !== caller.projectId)) throw notFound(`Resource ${id} does not exist`);
    return server;
  };
  const byMetric = (caller: Caller, id: string | undefined): { server: SimServer; name: MetricName } => {
    for (const server of cloud.servers.values()) {
      for (const name of metricNames) if (metricId(server.id, name) === id) return { server: visible(caller, server.id), name };
    }
    throw notFound(`Metric ${id} does not exist`);
  };
  /** Points from `start` to now; cpu accumulates from the server's creation, step by step. */
  const series = (server: SimServer, name: MetricName, start: number): Array<[string, number, number]> => {
    const flavor = cloud.flavors.get(server.flavorId);
    const vcpus = flavor?.vcpus ?? 1;
    const step = granularitySeconds * 1000;
    const points: Array<[string, number, number]> = [];
    let cpuTotal = 0;
    for (let at = Math.ceil(server.createdAt / step) * step; at <= Date.now(); at += step) {
      cpuTotal += utilisation(server, at) * granularitySeconds * 1e9 * vcpus;
      if (at < start) continue;
      const value =
        name === 'vcpus'
          ? vcpus
          : name === 'memory.usage'
            ? Math.round((flavor?.ram ?? 512) * (0.4 + utilisation(server, at) / 2))
            : cpuTotal;
      points.push([new Date(at).toISOString().replace('Z', '+00:00'), granularitySeconds, value]);
    }
    return points;
  };

  return new Router<{ request: SimRequest; caller: Caller }>()
    .on('GET', '/v1/resource/instance/{id}', ({ caller }, { id }) => {
      const server = visible(caller, id);
      return reply(200, {
        id: server.id,
        type: 'instance',
        project_id: server.projectId,
        display_name: server.name,
        flavor_id: server.flavorId,
        started_at: new Date(server.createdAt).toISOString(),
        ended_at: null,
        metrics: Object.fromEntries(metricNames.map((name) => [name, metricId(server.id, name)])),
      });
    })
    .on('GET', '/v1/metric/{id}/measures', ({ request, caller }, { id }) => {
      const { server, name } = byMetric(caller, id);
      const startText = request.url.searchParams.get('start');
      const start = startText ? Date.parse(startText) : Date.now() - 3_600_000;
      if (Number.isNaN(start)) throw badRequest(`Invalid value for start: ${startText}`);
      const points = series(server, name, start);
      return reply(200, points);
    });
}
