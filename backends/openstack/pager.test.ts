import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll, listPages, nextPageQuery, type ListRequest } from './pager';
import { OpenstackSession } from './session';
import { defaultTuning, readSettings } from './settings';
import { simulatorContext } from './simulator/connection-for';
import { startOpenstackSimulator, type OpenstackSimulator } from './simulator/index';

const never = new AbortController().signal;

describe('nextPageQuery reads each service’s next link', () => {
  it('Nova and Cinder: <key>_links with rel next, keeping the filters', () => {
    const body = {
      servers: [],
      servers_links: [
        {
          rel: 'next',
          href: 'http://127.0.0.1:8774/v2.1/servers/detail?all_tenants=1&limit=2&marker=5f0c0d3e-0000-4000-8000-000000000001',
        },
      ],
    };
    expect(Object.fromEntries(nextPageQuery(body, 'servers') ?? [])).toEqual({
      all_tenants: '1',
      limit: '2',
      marker: '5f0c0d3e-0000-4000-8000-000000000001',
    });
  });

  it('Neutron: the next link beside a previous one', () => {
    const body = {
      ports: [],
      ports_links: [
        { rel: 'next', href: 'http://127.0.0.1:9696/v2.0/ports?limit=2&marker=b' },
        { rel: 'previous', href: 'http://127.0.0.1:9696/v2.0/ports?limit=2&marker=a&page_reverse=True' },
      ],
    };
    expect(nextPageQuery(body, 'ports')?.get('marker')).toBe('b');
    expect(nextPageQuery({ ports: [], ports_links: [body.ports_links[1]] }, 'ports')).toBeUndefined();
  });

  it('Glance: a next path relative to its root', () => {
    expect(nextPageQuery({ images: [], first: '/v2/images?limit=2', next: '/v2/images?limit=2&marker=c' }, 'images')?.get('marker')).toBe(
      'c',
    );
    expect(nextPageQuery({ images: [], first: '/v2/images?limit=2' }, 'images')).toBeUndefined();
  });

  it('Keystone: links.next, null on the last page', () => {
    expect(nextPageQuery({ projects: [], links: { self: 'x', previous: null, next: null } }, 'projects')).toBeUndefined();
  });
});

describe('listPages against the simulator, with pages smaller than the data', () => {
  let simulator: OpenstackSimulator;
  let session: OpenstackSession;

  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ seed: 5, size: { servers: 23, volumes: 9, portsPerServer: 2 } });
    const { config, secrets } = simulatorContext(simulator);
    session = new OpenstackSession(readSettings(config.id, config.url, config.fields, secrets, config.tls), defaultTuning);
    await session.open(never);
  });
  afterAll(async () => {
    await session.close();
    await simulator.close();
  });

  const cases: Array<[string, ListRequest, number]> = [
    ['Nova servers', { service: 'compute', path: '/servers/detail', resourceKey: 'servers', query: { all_tenants: 1 } }, 23],
    ['Neutron ports', { service: 'network', path: '/ports', resourceKey: 'ports' }, 0],
    ['Glance images', { service: 'image', path: '/images', resourceKey: 'images' }, 0],
    ['Cinder volumes', { service: 'block-storage', path: '/volumes/detail', resourceKey: 'volumes', query: { all_tenants: 1 } }, 9],
  ];

  it.each(cases)('%s: every item once, in the service’s order', async (_name, request, expected) => {
    const whole = await listAll<{ id: string }>(session, { ...request, pageSize: 1000 }, never);
    const pages: string[][] = [];
    for await (const page of listPages<{ id: string }>(session, { ...request, pageSize: 4 }, never))
      pages.push(page.items.map((item) => item.id));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.length <= 4)).toBe(true);
    expect(pages.flat()).toEqual(whole.map((item) => item.id));
    if (expected) expect(whole).toHaveLength(expected);
  });

  it('pages Nova server groups by offset', async () => {
    const groups = simulator.cloud.serverGroups;
    for (let index = 0; index < 5; index += 1)
      groups.put({ id: `group-${index}`, name: `group-${index}`, policy: 'affinity', members: [], projectId: 'x', userId: 'y' });
    const ids = await listAll<{ id: string }>(
      session,
      {
        service: 'compute',
        path: '/os-server-groups',
        resourceKey: 'server_groups',
        paging: 'offset',
        query: { all_projects: 'True' },
        pageSize: 2,
      },
      never,
    );
    expect(ids.map((group) => group.id)).toEqual(expect.arrayContaining(['group-0', 'group-4']));
    expect(new Set(ids.map((group) => group.id)).size).toBe(ids.length);
  });
});
