import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rememberNetwork, rememberRouterInterface } from '../reference-data';
import { mapHypervisor, mapServer, placementFacts } from './compute';
import { emptyContext, type MappingContext, type NativeBody } from './context';
import { mapProject } from './identity';
import { mapFloatingIp, mapNetwork, mapPort, mapRouter, mapSubnet } from './network';
import { mapImage, mapVolume, mapVolumeSnapshot } from './storage';

/** Bodies recorded from the real Zed lab (tests/peers/openstack/lab), one object each. */
const recorded = (name: string, key: string, index = 0): NativeBody => {
  const body = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, NativeBody[]>;
  const item = body[key]?.[index];
  if (!item) throw new Error(`fixture ${name} has no ${key}[${index}]`);
  return item;
};
const all = (name: string, key: string): NativeBody[] =>
  (JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, NativeBody[]>)[key] ?? [];

const demoProject = '10f3ecb3d06c4d5ba92fff327037aa4a';
const hypervisor = recorded('nova-hypervisors-detail-2.87', 'hypervisors');
const id = (kind: string, nativeId: unknown): string => `lab/${kind}/${String(nativeId)}`;

/** The lookups a sync builds from the short lists, here from the recorded ones. */
function labContext(): MappingContext {
  const context = emptyContext('lab', 'RegionOne');
  context.hypervisorsByHost.set(String(hypervisor.hypervisor_hostname), String(hypervisor.id));
  context.zones.add('nova');
  context.zoneOfHost.set('skydeck-lab', 'nova');
  for (const network of all('neutron-networks', 'networks')) rememberNetwork(context, network);
  for (const flavor of all('nova-flavors-detail', 'flavors')) context.flavors.set(String(flavor.id), flavor);
  for (const port of all('neutron-router-interface-ports', 'ports')) rememberRouterInterface(context, port);
  return context;
}

describe('mapping recorded Zed bodies', () => {
  it('maps a server seen by an admin: on its hypervisor, in its project, sized by its inline flavor', () => {
    const server = recorded('nova-servers-detail-admin', 'servers');
    const network = all('neutron-networks', 'networks').find((candidate) => candidate.name === 'skydeck-seed');
    const object = mapServer(server, labContext());
    expect(object).toMatchObject({
      id: id('vm', server.id),
      kind: 'vm',
      nativeType: 'server',
      name: server.name,
      state: 'running',
      parentId: id('host', hypervisor.id),
      facts: {
        cpuCount: 1,
        memoryBytes: 512 * 1024 ** 2,
        capacityBytes: 1024 ** 3,
        ipAddresses: ['198.18.0.240'],
        macAddresses: ['fa:16:3e:19:c1:33'],
        hostName: server.name,
      },
    });
    expect(object.facts.nics).toEqual([
      { label: 'skydeck-seed', mac: 'fa:16:3e:19:c1:33', networkId: id('network', network?.id), ipAddresses: ['198.18.0.240'] },
    ]);
    expect(object.relations).toEqual([
      { type: 'runs-on', to: id('host', hypervisor.id) },
      { type: 'member-of', to: id('tenant', demoProject) },
    ]);
    expect(object.native).toBe(server);
  });

  it('puts a server a project member sees under its availability zone (no hypervisor visible)', () => {
    const object = mapServer(recorded('nova-servers-detail-member', 'servers'), labContext());
    expect(object.parentId).toBe('lab/cluster/nova');
    expect(object.relations.map((relation) => relation.type)).toEqual(['member-of']);
  });

  it('looks the flavor up by id when Nova answers at 2.1', () => {
    const object = mapServer(recorded('nova-servers-detail-2.1', 'servers'), labContext());
    expect(object.state).toBe('unknown');
    expect(object.facts).toMatchObject({ cpuCount: 1, memoryBytes: 512 * 1024 ** 2 });
  });

  it('maps a hypervisor with Placement’s capacity, and without it from Nova 2.87’s own sizes', () => {
    const inventories = JSON.parse(readFileSync(new URL('./fixtures/placement-inventories.json', import.meta.url), 'utf8')) as NativeBody;
    const usages = JSON.parse(readFileSync(new URL('./fixtures/placement-usages.json', import.meta.url), 'utf8')) as NativeBody;
    const withPlacement = mapHypervisor(
      hypervisor,
      labContext(),
      placementFacts(inventories.inventories as NativeBody, usages.usages as NativeBody),
    );
    expect(withPlacement).toMatchObject({ kind: 'host', name: 'skydeck-lab', state: 'online', parentId: 'lab/cluster/nova' });
    expect(withPlacement.facts).toMatchObject({
      cpuCount: 1000,
      memoryBytes: (800_000 - 512) * 1024 ** 2,
      capacityBytes: 600_000 * 1024 ** 3,
      usedBytes: 200 * 1024 ** 3,
      version: 'fake 1000',
    });
    const novaOnly = mapHypervisor(hypervisor, labContext());
    expect(novaOnly.facts).toMatchObject({
      cpuCount: 1000,
      memoryBytes: 800_000 * 1024 ** 2,
      usedBytes: Number(hypervisor.local_gb_used) * 1024 ** 3,
    });
    const at290 = mapHypervisor(recorded('nova-hypervisors-detail-2.90', 'hypervisors'), labContext());
    expect(at290.facts.cpuCount).toBeUndefined();
  });

  it('maps ports, routers and floating IPs with the relations the topology draws', () => {
    const context = labContext();
    const port = recorded('neutron-ports-admin', 'ports');
    const portObject = mapPort(port, context);
    expect(portObject).toMatchObject({ nativeType: 'port', parentId: id('network', port.network_id), state: 'online' });
    expect(portObject.relations).toEqual([
      { type: 'attached-to', to: id('network', port.network_id) },
      { type: 'attached-to', to: id('vm', port.device_id) },
      { type: 'member-of', to: id('network', (port.security_groups as string[])[0]) },
      { type: 'member-of', to: id('tenant', demoProject) },
    ]);

    const router = mapRouter(recorded('neutron-routers', 'routers'), context);
    const [interfacePort] = all('neutron-router-interface-ports', 'ports');
    const gateway = recorded('neutron-routers', 'routers').external_gateway_info as NativeBody;
    expect(router.relations).toEqual([
      { type: 'routes-to', to: id('network', gateway.network_id), via: 'gateway' },
      { type: 'routes-to', to: id('network', interfacePort?.network_id), via: interfacePort?.id },
      { type: 'member-of', to: id('tenant', demoProject) },
    ]);
    expect(router.facts.ipAddresses).toEqual(['203.0.113.24']);

    const ip = recorded('neutron-floatingips', 'floatingips');
    const floating = mapFloatingIp(ip, context);
    expect(floating).toMatchObject({
      name: '203.0.113.73',
      state: 'offline',
      parentId: id('network', ip.floating_network_id),
      facts: { ipAddresses: ['203.0.113.73', '10.251.0.139'] },
    });
    expect(floating.relations[0]).toEqual({ type: 'routes-to', to: id('network', ip.port_id) });
  });

  it('maps the external network, a subnet and a gateway port without an owner', () => {
    const context = labContext();
    const [external] = all('neutron-networks', 'networks');
    expect(mapNetwork(external as NativeBody, context)).toMatchObject({
      nativeType: 'network',
      name: 'public',
      state: 'online',
      facts: {},
    });
    const subnet = recorded('neutron-subnets', 'subnets');
    expect(mapSubnet(subnet, context)).toMatchObject({
      nativeType: 'subnet',
      parentId: id('network', subnet.network_id),
      facts: { cidr: subnet.cidr },
    });
    const gateway = mapPort(recorded('neutron-router-gateway-port', 'ports'), context);
    expect(gateway.relations.some((relation) => relation.type === 'member-of' && relation.to.includes('/tenant/'))).toBe(false);
    expect(gateway.relations).toContainEqual({
      type: 'attached-to',
      to: id('network', recorded('neutron-routers', 'routers').id),
      via: 'gateway',
    });
  });

  it('maps volumes, their snapshots, images and projects', () => {
    const context = labContext();
    const volume = recorded('cinder-volumes-detail-admin', 'volumes');
    expect(mapVolume(volume, context)).toMatchObject({
      kind: 'storage',
      state: 'available',
      parentId: 'lab/cluster/nova',
      facts: { capacityBytes: 1024 ** 3, storageType: '__DEFAULT__' },
      relations: [{ type: 'member-of', to: id('tenant', demoProject) }],
    });
    const snapshot = mapVolumeSnapshot(recorded('cinder-snapshots-detail', 'snapshots'), context);
    expect(snapshot).toMatchObject({
      kind: 'snapshot',
      nativeType: 'volume-snapshot',
      parentId: id('storage', volume.id),
      state: 'available',
    });
    expect(snapshot.relations[0]).toEqual({ type: 'snapshot-of', to: id('storage', volume.id) });
    const image = mapImage(recorded('glance-images', 'images'), context);
    expect(image).toMatchObject({ kind: 'template', nativeType: 'image', state: 'available', parentId: 'lab/site/RegionOne' });
    expect(mapProject(recorded('keystone-projects', 'projects'), context)).toMatchObject({ kind: 'tenant', name: 'demo', state: 'online' });
  });

  it('maps an image made from a server as that server’s snapshot', () => {
    const image = mapImage(
      { id: 'i1', name: 'before-upgrade', status: 'active', image_type: 'snapshot', instance_uuid: 's1', owner: demoProject },
      labContext(),
    );
    expect(image).toMatchObject({
      kind: 'snapshot',
      nativeType: 'instance-snapshot',
      parentId: 'lab/vm/s1',
      relations: [
        { type: 'snapshot-of', to: 'lab/vm/s1' },
        { type: 'member-of', to: id('tenant', demoProject) },
      ],
    });
  });
});
