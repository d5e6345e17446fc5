import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileServerName, startOpenstackSimulator, type OpenstackSimulator, type SimulatorAccount } from './index';

type Body = Record<string, unknown>;

describe('OpenStack simulator over plain HTTP', () => {
  let simulator: OpenstackSimulator;
  let origin: string;
  const tokens: Record<string, string> = {};

  const login = async (account: SimulatorAccount): Promise<{ token: string; body: Body }> => {
    const response = await fetch(`${simulator.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: account.username, domain: { name: 'Default' }, password: account.password } },
          },
          scope: { project: { name: account.project, domain: { name: 'Default' } } },
        },
      }),
    });
    expect(response.status).toBe(201);
    return { token: response.headers.get('x-subject-token') as string, body: (await response.json()) as Body };
  };
  const get = async (
    who: 'admin' | 'demo',
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Body; headers: Headers }> => {
    const response = await fetch(`${origin}${path}`, { headers: { 'x-auth-token': tokens[who] as string, ...headers } });
    const text = await response.text();
    return {
      status: response.status,
      body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as Body) : { text },
      headers: response.headers,
    };
  };

  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ tls: false, seed: 21, size: { servers: 12, volumes: 6 } });
    origin = new URL(simulator.url).origin;
    tokens.admin = (await login(simulator.admin)).token;
    tokens.demo = (await login(simulator.demo)).token;
  });
  afterAll(() => simulator.close());

  it('issues tokens with roles and a catalog of every service on one port', async () => {
    const { body } = await login(simulator.demo);
    const token = body.token as {
      roles: Array<{ name: string }>;
      catalog: Array<{ type: string; endpoints: Array<{ url: string; interface: string }> }>;
      expires_at: string;
    };
    expect(token.roles.map((role) => role.name).sort()).toEqual(['member', 'reader']);
    expect(token.catalog.map((entry) => entry.type)).toEqual([
      'identity',
      'compute',
      'network',
      'image',
      'block-storage',
      'volumev3',
      'placement',
    ]);
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('pages Nova servers with a sorted next link, as Nova formats it', async () => {
    const first = await get('admin', '/compute/v2.1/servers/detail?limit=5&all_tenants=1');
    const links = first.body.servers_links as Array<{ rel: string; href: string }>;
    expect(links).toHaveLength(1);
    expect(links[0]?.href).toMatch(new RegExp(`^${origin}/compute/v2.1/servers/detail\\?all_tenants=1&limit=5&marker=[0-9a-f-]{36}$`));
    const last = await get(
      'admin',
      `/compute/v2.1/servers/detail?all_tenants=1&limit=5&marker=${(first.body.servers as Body[])[4]?.id as string}&limit=5`,
    );
    expect((last.body.servers as Body[]).length).toBe(5);
  });

  it('gives Neutron next and previous links, and Glance a relative next', async () => {
    const ports = await get('admin', '/networking/v2.0/ports?limit=3');
    expect((ports.body.ports_links as Array<{ rel: string }>).map((link) => link.rel)).toEqual(['next', 'previous']);
    const images = await get('admin', '/image/v2/images?limit=2');
    expect(images.body.next).toMatch(/^\/v2\/images\?limit=2&marker=[0-9a-f-]{36}$/);
    expect(images.body.first).toBe('/v2/images?limit=2');
  });

  it('answers microversions like Nova, and refuses one it does not know with 406', async () => {
    const old = await get('admin', '/compute/v2.1/servers/detail?all_tenants=1&limit=1');
    expect(old.headers.get('openstack-api-version')).toBe('compute 2.1');
    expect((old.body.servers as Body[])[0]?.flavor).toHaveProperty('links');
    const newer = await get('admin', '/compute/v2.1/servers/detail?all_tenants=1&limit=1', { 'openstack-api-version': 'compute 2.90' });
    expect((newer.body.servers as Body[])[0]?.flavor).toHaveProperty('original_name');
    const unknown = await get('admin', '/compute/v2.1/flavors', { 'openstack-api-version': 'compute 2.999' });
    expect(unknown.status).toBe(406);
  });

  it('refuses admin-only calls to a project member with 403, and scopes what it lists', async () => {
    expect((await get('demo', '/compute/v2.1/os-hypervisors/detail')).status).toBe(403);
    expect((await get('demo', '/compute/v2.1/servers/detail?all_tenants=1')).body).toEqual({
      forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed." },
    });
    expect((await get('demo', '/placement/resource_providers')).status).toBe(403);
    expect((await get('demo', '/identity/v3/projects')).status).toBe(403);
    const servers = (await get('demo', '/compute/v2.1/servers/detail')).body.servers as Body[];
    const demoProject = [...simulator.cloud.projects.values()].find((project) => project.name === 'demo')?.id;
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.every((server) => server.tenant_id === demoProject)).toBe(true);
    expect(servers.map((server) => server.name)).toContain(hostileServerName);
    expect(servers[0]).not.toHaveProperty('OS-EXT-SRV-ATTR:hypervisor_hostname');
  });

  it('rejects an expired token with keystonemiddleware’s 401', async () => {
    simulator.behaviour.tokenLifetimeMs = 50;
    const { token } = await login(simulator.admin);
    simulator.behaviour.tokenLifetimeMs = 3_600_000;
    await new Promise((resolve) => setTimeout(resolve, 80));
    const response = await fetch(`${origin}/networking/v2.0/networks`, { headers: { 'x-auth-token': token } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
    });
  });

  it('is the same cloud for the same seed', async () => {
    const again = await startOpenstackSimulator({ tls: false, seed: 21, size: { servers: 12, volumes: 6 } });
    try {
      expect([...again.cloud.servers.values()].map((server) => [server.id, server.name, server.vmState])).toEqual(
        [...simulator.cloud.servers.values()]
          .filter((server) => !server.deletedAt)
          .map((server) => [server.id, server.name, server.vmState]),
      );
    } finally {
      await again.close();
    }
  });
});
