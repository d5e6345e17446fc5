import { describe, expect, it } from 'vitest';
import type { InventoryObject } from '../../../common/model/inventory';
import { fixtureContents } from '../fixtures/fixtures';
import type { ObjectContent } from '../property-collector';
import { parseXml } from '../soap/xml-reader';
import type { MoRef } from '../soap/xml-node';
import type { MapContext } from './map-context';
import { mapObject } from './map-object';
import { SkeletonIndex } from './skeleton-index';

const now = Date.parse('2026-11-29T12:00:00Z');

/** A hand-built ObjectContent: property values as vim25 XML snippets. */
function content(type: string, value: string, props: Record<string, string>): ObjectContent {
  return { ref: { type, value }, props: new Map(Object.entries(props).map(([path, xml]) => [path, parseXml(xml)])) };
}
const ref = (r: MoRef): string => `<val type="${r.type}">${r.value}</val>`;
const text = (t: string): string => `<val>${t}</val>`;

function context(...skeleton: ObjectContent[]): MapContext {
  const index = new SkeletonIndex();
  for (const entry of skeleton) index.put(entry);
  return { connectionId: 'vc1', index };
}

const byId = (objects: InventoryObject[]): Map<string, InventoryObject> => new Map(objects.map((o) => [o.id, o]));

describe('mapping vSphere objects onto the common model', () => {
  it('maps a recorded vcsim VM with its disks, NICs and snapshot tree', async () => {
    const [vm] = await fixtureContents('vcsim-vm.xml');
    const objects = mapObject(context(), vm as ObjectContent, now);
    const [mapped, ...snapshots] = objects;
    expect(mapped).toMatchObject({
      id: 'vc1/vm/vm-60',
      kind: 'vm',
      nativeType: 'VirtualMachine',
      name: 'DC0_H0_VM1',
      parentId: 'vc1/host/host-21',
      facts: { cpuCount: 1, memoryBytes: 32 * 1024 * 1024, uuid: expect.any(String) },
    });
    expect(['running', 'stopped', 'suspended']).toContain(mapped?.state);
    const disk = mapped?.facts.disks?.[0];
    expect(disk).toMatchObject({
      label: expect.stringMatching(/^disk-/),
      capacityBytes: 1024 * 1024,
      path: expect.stringMatching(/^\[LocalDS_0\] /),
    });
    expect(mapped?.relations).toContainEqual({ type: 'runs-on', to: 'vc1/host/host-21' });
    expect(mapped?.relations).toContainEqual({ type: 'stored-on', to: disk?.storageId, via: disk?.label });
    expect(mapped?.relations).toContainEqual({ type: 'attached-to', to: 'vc1/network/dvportgroup-13', via: 'ethernet-0' });
    expect(mapped?.facts.nics?.[0]?.mac).toMatch(/^00:0c:29:/);
    expect(mapped?.native).not.toHaveProperty(['config.hardware.device']);

    expect(snapshots.map((s) => [s.name, s.parentId])).toEqual([
      ['base', 'vc1/vm/vm-60'],
      ['child', 'vc1/snapshot/snapshot-175'],
    ]);
    expect(snapshots.every((s) => s.relations.some((r) => r.type === 'snapshot-of' && r.to === 'vc1/vm/vm-60'))).toBe(true);
    expect(snapshots.map((s) => s.native.current)).toEqual([false, true]);
    expect(snapshots[0]?.facts).toMatchObject({ notes: 'first', createdAt: expect.stringMatching(/^2026-/) });
  });

  it('maps recorded hosts, clusters and portgroups, each below its parent', async () => {
    const [host] = await fixtureContents('vcsim-host.xml');
    const [cluster] = await fixtureContents('vcsim-cluster.xml');
    const [portgroup] = await fixtureContents('vcsim-dvpg.xml');
    const skeleton = context(
      content('Datacenter', 'datacenter-2', { name: text('DC0') }),
      content('Folder', 'folder-4', { name: text('host'), parent: ref({ type: 'Datacenter', value: 'datacenter-2' }) }),
      content('Folder', 'folder-6', { name: text('network'), parent: ref({ type: 'Datacenter', value: 'datacenter-2' }) }),
      cluster as ObjectContent,
    );
    const mappedHost = mapObject(skeleton, host as ObjectContent, now)[0];
    expect(mappedHost).toMatchObject({
      kind: 'host',
      state: 'online',
      parentId: 'vc1/cluster/clustercomputeresource-27',
      relations: [{ type: 'member-of', to: 'vc1/cluster/clustercomputeresource-27' }],
      facts: {
        cpuCount: expect.any(Number),
        memoryBytes: expect.any(Number),
        version: expect.stringMatching(/ESXi/),
        ipAddresses: ['127.0.0.1'],
      },
    });
    expect(mapObject(skeleton, cluster as ObjectContent, now)[0]).toMatchObject({
      kind: 'cluster',
      state: 'online',
      parentId: 'vc1/site/datacenter-2',
      facts: { memoryBytes: expect.any(Number) },
    });
    expect(mapObject(skeleton, portgroup as ObjectContent, now)[0]).toMatchObject({
      kind: 'network',
      name: 'DC0_DVPG0',
      parentId: 'vc1/network/dvs-9',
      facts: { vlan: 0 },
      relations: [{ type: 'member-of', to: 'vc1/network/dvs-9' }],
    });
  });

  it('maps templates, standard and opaque NIC backings, guest addresses and tenants', async () => {
    const [template, vm] = await fixtureContents('handwritten-vm-template.xml');
    const skeleton = context(
      content('Datacenter', 'datacenter-2', { name: text('DC') }),
      content('Folder', 'group-v3', {
        name: text('vm'),
        parent: ref({ type: 'Datacenter', value: 'datacenter-2' }),
        childType: '<val xsi:type="ArrayOfString"><string>Folder</string><string>VirtualMachine</string></val>',
      }),
      content('Folder', 'group-v300', {
        name: text('Templates'),
        parent: ref({ type: 'Folder', value: 'group-v3' }),
        childType: '<val xsi:type="ArrayOfString"><string>Folder</string><string>VirtualMachine</string></val>',
      }),
      content('VirtualApp', 'resgroup-v50', { name: text('shop'), parent: ref({ type: 'ResourcePool', value: 'resgroup-9' }) }),
      content('OpaqueNetwork', 'network-o8', {
        name: text('nsx-seg'),
        'summary.opaqueNetworkId': text('2b1e7c1a-0000-4000-8000-000000000001'),
      }),
    );
    const objects = byId([...mapObject(skeleton, template as ObjectContent, now), ...mapObject(skeleton, vm as ObjectContent, now)]);

    const mappedTemplate = objects.get('vc1/template/vm-1201');
    expect(mappedTemplate).toMatchObject({
      kind: 'template',
      state: 'available',
      name: 'tpl-ubuntu & friends',
      facts: { notes: 'Golden image, patched monthly', capacityBytes: 42949672960 },
    });
    expect(mappedTemplate?.relations).not.toContainEqual(expect.objectContaining({ type: 'runs-on' }));
    expect(mappedTemplate?.relations).toContainEqual({ type: 'member-of', to: 'vc1/tenant/group-v300' });
    expect(mappedTemplate?.relations).toContainEqual({ type: 'attached-to', to: 'vc1/network/network-7', via: 'Network adapter 1' });
    expect(mappedTemplate?.relations).toContainEqual({ type: 'attached-to', to: 'vc1/network/network-o8', via: 'Network adapter 2' });
    expect(mappedTemplate?.facts.macAddresses).toEqual(['00:50:56:aa:bb:01', '00:50:56:aa:bb:02']);

    const mappedVm = objects.get('vc1/vm/vm-1202');
    expect(mappedVm).toMatchObject({
      state: 'running',
      facts: { ipAddresses: ['10.0.0.15', 'fe80::250:56ff:feaa:bb03'], uptimeSeconds: 7200 },
    });
    expect(mappedVm?.facts.nics?.[0]).toMatchObject({ model: 'e1000e', ipAddresses: ['10.0.0.15', 'fe80::250:56ff:feaa:bb03'] });
    expect(mappedVm?.relations).toContainEqual({ type: 'member-of', to: 'vc1/tenant/resgroup-v50' });
  });

  it('keeps root pools and system folders out of the tenants, and puts nested pools below their parent', () => {
    const dc = content('Datacenter', 'datacenter-2', { name: text('DC') });
    const cluster = content('ClusterComputeResource', 'domain-c7', { name: text('C'), parent: ref({ type: 'Folder', value: 'group-h4' }) });
    const hostFolder = content('Folder', 'group-h4', {
      name: text('host'),
      parent: ref({ type: 'Datacenter', value: 'datacenter-2' }),
      childType: '<val xsi:type="ArrayOfString"><string>ComputeResource</string></val>',
    });
    const root = content('ResourcePool', 'resgroup-8', {
      name: text('Resources'),
      parent: ref({ type: 'ClusterComputeResource', value: 'domain-c7' }),
      owner: ref({ type: 'ClusterComputeResource', value: 'domain-c7' }),
    });
    const prod = content('ResourcePool', 'resgroup-9', {
      name: text('Prod'),
      parent: ref({ type: 'ResourcePool', value: 'resgroup-8' }),
      owner: ref({ type: 'ClusterComputeResource', value: 'domain-c7' }),
    });
    const db = content('ResourcePool', 'resgroup-10', {
      name: text('DB'),
      parent: ref({ type: 'ResourcePool', value: 'resgroup-9' }),
      owner: ref({ type: 'ClusterComputeResource', value: 'domain-c7' }),
    });
    const skeleton = context(dc, cluster, hostFolder, root, prod, db);
    expect(mapObject(skeleton, hostFolder)).toEqual([]);
    expect(mapObject(skeleton, root)).toEqual([]);
    expect(mapObject(skeleton, prod)[0]).toMatchObject({ kind: 'tenant', parentId: 'vc1/cluster/domain-c7' });
    expect(mapObject(skeleton, db)[0]).toMatchObject({ kind: 'tenant', parentId: 'vc1/tenant/resgroup-9' });
    expect(mapObject(skeleton, cluster)[0]).toMatchObject({ kind: 'cluster', state: 'unknown', parentId: 'vc1/site/datacenter-2' });
  });

  it('maps host and VM states that need attention', () => {
    const host = (props: Record<string, string>) =>
      mapObject(context(), content('HostSystem', 'host-1', { name: text('esx'), ...props }))[0]?.state;
    expect(host({ 'runtime.connectionState': text('notResponding'), 'runtime.powerState': text('unknown') })).toBe('offline');
    expect(
      host({
        'runtime.connectionState': text('connected'),
        'runtime.inMaintenanceMode': text('true'),
        'runtime.powerState': text('poweredOn'),
      }),
    ).toBe('maintenance');
    expect(host({ 'runtime.connectionState': text('connected'), 'runtime.powerState': text('standBy') })).toBe('offline');
    const vm = (props: Record<string, string>) =>
      mapObject(context(), content('VirtualMachine', 'vm-1', { name: text('v'), ...props }))[0]?.state;
    expect(vm({ 'runtime.connectionState': text('inaccessible'), 'runtime.powerState': text('poweredOn') })).toBe('error');
    expect(vm({ 'runtime.connectionState': text('orphaned') })).toBe('unknown');
    expect(vm({ 'runtime.connectionState': text('connected'), 'runtime.powerState': text('suspended') })).toBe('suspended');
    const datastore = mapObject(
      context(),
      content('Datastore', 'datastore-1', {
        name: text('ds'),
        'summary.accessible': text('false'),
        'summary.capacity': text('100'),
        'summary.freeSpace': text('40'),
      }),
    )[0];
    expect(datastore).toMatchObject({ state: 'offline', facts: { capacityBytes: 100, usedBytes: 60 } });
  });
});
