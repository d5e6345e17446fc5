import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { FaultInjector, type FaultKnobs } from '../../core/simulator/faults';
import type { RunningSimulator, SimulatorOptions } from '../../core/simulator/running-simulator';
import { listenSimulator } from '../../core/simulator/server';
import { cinderEntry, cinderRouter } from './volume';
import { novaEntry, novaRouter } from './compute';
import { SimHttpError, send, toSimRequest, type ErrorStyle, type SimReply, type SimRequest } from './http';
import { glanceRouter } from './image';
import { keystoneRouter } from './keystone';
import { neutronRouter } from './network';
import { placementEntry, placementRouter } from './placement';
import { gnocchiRouter } from './telemetry';
import { demoCloudSize, seedCloud, type CloudSize } from './seed';
import type { SimCloud } from './state';
import type { SimWorld, SimulatorBehaviour, SimulatorStats } from './world';

export { demoCloudSize, hostileServerName, type CloudSize } from './seed';

export interface OpenstackSimulatorOptions extends SimulatorOptions {
  size?: Partial<CloudSize>;
  /** HTTPS with a fresh self-signed certificate (default), or plain HTTP like many labs. */
  tls?: boolean;
  faults?: Partial<FaultKnobs>;
  behaviour?: Partial<SimulatorBehaviour>;
  /** Adds Gnocchi (the metric service) to the catalog, with measures for every server. */
  telemetry?: boolean;
  /** Passwords of the seeded admin and demo users; random when absent. */
  adminPassword?: string;
  demoPassword?: string;
}

export interface SimulatorAccount {
  username: string;
  password: string;
  project: string;
  userDomain: string;
  projectDomain: string;
}

/** A running simulated OpenStack: connection details for the admin, and knobs for tests. */
export interface OpenstackSimulator extends RunningSimulator {
  admin: SimulatorAccount;
  demo: SimulatorAccount;
  /** The simulated cloud itself, for tests that check or change it directly. */
  cloud: SimCloud;
  stats: SimulatorStats;
  behaviour: SimulatorBehaviour;
  /** The self-signed certificate (PEM) when served over HTTPS, to use as a CA file. */
  certificatePem?: string;
  /** Makes every token issued so far invalid (as a Keystone key rotation would). */
  revokeTokens(): void;
}

/** Service path prefixes on the one port, as devstack lays them out. */
const prefixes = {
  identity: '/identity',
  compute: '/compute',
  network: '/networking',
  image: '/image',
  volume: '/volume',
  placement: '/placement',
  metric: '/metric',
} as const;

export async function startOpenstackSimulator(options: OpenstackSimulatorOptions = {}): Promise<OpenstackSimulator> {
  const behaviour: SimulatorBehaviour = {
    tokenLifetimeMs: 3_600_000,
    transitionMs: 150,
    serialConsole: false,
    rejectTokens: false,
    ...options.behaviour,
  };
  const passwords = {
    adminPassword: options.adminPassword ?? randomBytes(12).toString('base64url'),
    demoPassword: options.demoPassword ?? randomBytes(12).toString('base64url'),
  };
  const world = seedCloud(options.seed ?? 1, { ...demoCloudSize, ...options.size }, passwords, behaviour);
  const faults = new FaultInjector(options.faults, options.seed ?? 1);
  let origin = '';
  const telemetry = options.telemetry ?? false;
  const catalog = (projectId: string): unknown[] => catalogFor(world, origin, projectId, telemetry);
  const handlers = serviceHandlers(world, catalog, telemetry);

  const server = await listenSimulator(
    async (raw: IncomingMessage, response: ServerResponse) => {
      world.stats.requests += 1;
      if (await faults.intercept(raw, response)) return;
      const path = new URL(raw.url ?? '/', 'http://x').pathname;
      const entry = handlers.find((candidate) => path === candidate.prefix || path.startsWith(`${candidate.prefix}/`));
      if (!entry) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('404 Not Found');
        return;
      }
      const request = toSimRequest(raw, entry.prefix, origin);
      let result: SimReply | SimHttpError;
      try {
        result = await entry.handle(request);
      } catch (error) {
        if (!(error instanceof SimHttpError)) throw error;
        result = error;
      }
      send(response, entry.style, request.requestId, result);
    },
    { name: 'openstack-simulator', tls: options.tls ?? true, ...(options.port ? { port: options.port } : {}) },
  );
  origin = server.url;

  const account = (username: string, password: string, project: string): SimulatorAccount => ({
    username,
    password,
    project,
    userDomain: 'Default',
    projectDomain: 'Default',
  });
  const admin = account('admin', passwords.adminPassword, 'admin');
  const demo = account('demo', passwords.demoPassword, world.cloud.projects.sorted().find((p) => p.name === 'demo')?.name ?? 'demo');
  const simulator: OpenstackSimulator = {
    kind: 'openstack',
    url: `${origin}${prefixes.identity}/v3`,
    fields: {
      auth: 'password',
      username: admin.username,
      userDomain: admin.userDomain,
      project: admin.project,
      projectDomain: admin.projectDomain,
      region: world.cloud.region,
    },
    secrets: { password: admin.password },
    faults,
    admin,
    demo,
    cloud: world.cloud,
    stats: world.stats,
    behaviour,
    revokeTokens: () => world.revokeTokens(),
    close: async () => {
      world.close();
      await server.close();
    },
  };
  if (server.fingerprint256) simulator.fingerprint256 = server.fingerprint256;
  if (server.certificatePem) simulator.certificatePem = server.certificatePem;
  return simulator;
}

interface ServiceEntry {
  prefix: string;
  style: ErrorStyle;
  handle(request: SimRequest): Promise<SimReply>;
}

function serviceHandlers(world: SimWorld, catalog: (projectId: string) => unknown[], telemetry: boolean): ServiceEntry[] {
  const keystone = keystoneRouter(world, catalog);
  const nova = novaEntry(world, novaRouter(world));
  const neutron = neutronRouter(world);
  const glance = glanceRouter(world);
  const cinder = cinderEntry(world, cinderRouter(world));
  const placement = placementEntry(world, placementRouter(world));
  const gnocchi = gnocchiRouter(world);
  const withCaller =
    (router: typeof neutron | typeof glance | typeof gnocchi, root: (request: SimRequest) => SimReply | undefined) =>
    async (request: SimRequest): Promise<SimReply> => {
      const rootReply = request.method === 'GET' ? root(request) : undefined;
      if (rootReply) return rootReply;
      const caller = world.caller(request);
      const { handler, params } = router.resolve(request.method, request.path);
      return handler({ request, caller }, params);
    };
  return [
    {
      prefix: prefixes.identity,
      style: 'keystone',
      handle: async (request) => {
        const { handler, params } = keystone.resolve(request.method, request.path);
        return handler(request, params);
      },
    },
    { prefix: prefixes.compute, style: 'nova', handle: nova },
    {
      prefix: prefixes.network,
      style: 'neutron',
      handle: withCaller(neutron, (request) =>
        request.path === '/'
          ? {
              status: 200,
              body: { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${request.base}/v2.0/`, rel: 'self' }] }] },
            }
          : undefined,
      ),
    },
    {
      prefix: prefixes.image,
      style: 'glance',
      handle: withCaller(glance, (request) =>
        request.path === '/' || request.path === '/versions'
          ? {
              status: request.path === '/' ? 300 : 200,
              body: {
                versions: ['2.16', '2.15', '2.9', '2.0'].map((v, i) => ({
                  id: `v${v}`,
                  status: i === 0 ? 'CURRENT' : 'SUPPORTED',
                  links: [{ rel: 'self', href: `${request.base}/v2/` }],
                })),
              },
            }
          : undefined,
      ),
    },
    { prefix: prefixes.volume, style: 'nova', handle: cinder },
    { prefix: prefixes.placement, style: 'placement', handle: placement },
    ...(telemetry ? [{ prefix: prefixes.metric, style: 'gnocchi' as const, handle: withCaller(gnocchi, () => undefined) }] : []),
  ];
}

function catalogFor(world: SimWorld, origin: string, projectId: string, telemetry: boolean): unknown[] {
  const region = world.cloud.region;
  const stableId = (text: string): string => createHash('md5').update(text).digest('hex');
  const service = (type: string, name: string, url: string): Record<string, unknown> => ({
    id: stableId(type),
    type,
    name,
    endpoints: (['public', 'internal', 'admin'] as const).map((endpointInterface) => ({
      id: stableId(`${type}/${endpointInterface}`),
      interface: endpointInterface,
      region_id: region,
      region,
      url,
    })),
  });
  return [
    service('identity', 'keystone', `${origin}${prefixes.identity}`),
    service('compute', 'nova', `${origin}${prefixes.compute}/v2.1`),
    service('network', 'neutron', `${origin}${prefixes.network}`),
    service('image', 'glance', `${origin}${prefixes.image}`),
    service('block-storage', 'cinderv3', `${origin}${prefixes.volume}/v3/${projectId}`),
    service('volumev3', 'cinderv3', `${origin}${prefixes.volume}/v3/${projectId}`),
    service('placement', 'placement', `${origin}${prefixes.placement}`),
    ...(telemetry ? [service('metric', 'gnocchi', `${origin}${prefixes.metric}`)] : []),
  ];
}
