import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDelta, InventoryObject } from '../../common/model/inventory';
import { objectId } from '../../common/model/inventory';
import { CloudApi } from '../../tests/peers/openstack/cloud-api';
import { createOpenstackProvider } from './index';
import { InventorySync } from './inventory-sync';
import { OpenstackSession } from './session';
import { defaultTuning, readSettings } from './settings';
import { simulatorContext } from './simulator/connection-for';
import { startOpenstackSimulator, type OpenstackSimulator } from './simulator/index';
import { CloudWatcher, type ChangeSet } from './watch';

const never = new AbortController().signal;
const id = (kind: Parameters<typeof objectId>[1], nativeId: unknown): string => objectId('sim', kind, String(nativeId));

describe('CloudWatcher against the simulator', () => {
  let simulator: OpenstackSimulator;
  let session: OpenstackSession;
  let watcher: CloudWatcher;
  let api: CloudApi;

  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ seed: 9, size: { servers: 8, volumes: 4 }, behaviour: { transitionMs: 20 } });
    const { config, secrets } = simulatorContext(simulator);
    session = new OpenstackSession(readSettings(config.id, config.url, config.fields, secrets, config.tls), {
      ...defaultTuning,
      pageSize: 3,
    });
    await session.open(never);
    const sync = new InventorySync(session, 'sim');
    for await (const delta of sync.run(never)) void delta;
    watcher = new CloudWatcher(session, sync.view as NonNullable<typeof sync.view>);
    api = await CloudApi.open(simulator.url, simulator.admin, config.tls);
  });
  afterAll(async () => {
    await api.close();
    await session.close();
    await simulator.close();
  });

  /** Polls until the change shows (the simulator applies changes after a short transition). */
  const pollUntil = async (done: (changes: ChangeSet) => boolean): Promise<ChangeSet> => {
    for (let round = 0; round < 40; round += 1) {
      const changes = await watcher.poll(never);
      if (done(changes)) return changes;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the change never showed');
  };

  it('reports nothing when nothing changed', async () => {
    await watcher.poll(never);
    const changes = await watcher.poll(never);
    expect(changes.empty).toBe(true);
  });

  it('reports a stopped server and nothing else', async () => {
    const server = [...simulator.cloud.servers.values()].find((candidate) => candidate.vmState === 'active');
    await api.serverAction(String(server?.id), { 'os-stop': null });
    const changes = await pollUntil((found) => found.upserts.get(id('vm', server?.id))?.state === 'stopped');
    expect([...changes.upserts.keys()]).toEqual([id('vm', server?.id)]);
    expect(changes.removes.size).toBe(0);
  });

  it('reports a new port, then its removal', async () => {
    const [network] = await api.list('network', '/networks', 'networks', { name: 'demo-net' });
    const { port } = await api.call<{ port: Record<string, unknown> }>('network', {
      method: 'POST',
      path: '/ports',
      body: { port: { network_id: network?.id, name: 'watched' } },
    });
    const added = await watcher.poll(never);
    expect(added.upserts.get(id('network', port.id))?.name).toBe('watched');
    await api.remove('network', `/ports/${String(port.id)}`);
    const removed = await watcher.poll(never);
    expect([...removed.removes]).toEqual([id('network', port.id)]);
  });

  it('redraws a router when an interface is added to it, and when it is removed', async () => {
    const [router] = await api.list('network', '/routers', 'routers', { name: 'demo-router' });
    const { network, subnet } = await api.createNetwork('watched-net', '10.200.0.0/24');
    await api.call('network', {
      method: 'PUT',
      path: `/routers/${String(router?.id)}/add_router_interface`,
      body: { subnet_id: subnet.id },
    });
    const changes = await watcher.poll(never);
    const redrawn = changes.upserts.get(id('network', router?.id));
    expect(redrawn?.relations).toEqual(
      expect.arrayContaining([{ type: 'routes-to', to: id('network', network.id), via: expect.any(String) }]),
    );
    expect(changes.upserts.has(id('network', network.id))).toBe(true);
    expect(changes.upserts.has(id('network', subnet.id))).toBe(true);
    await api.call('network', {
      method: 'PUT',
      path: `/routers/${String(router?.id)}/remove_router_interface`,
      body: { subnet_id: subnet.id },
    });
    const after = await watcher.poll(never);
    expect(after.upserts.get(id('network', router?.id))?.relations.some((relation) => relation.to === id('network', network.id))).toBe(
      false,
    );
  });

  it('reports a volume attached to a server', async () => {
    const volume = await api.createVolume('watched-volume');
    await pollUntil((found) => found.upserts.has(id('storage', volume.id)));
    const server = [...simulator.cloud.servers.values()].find((candidate) => candidate.vmState === 'active');
    await api.attachVolume(String(server?.id), String(volume.id));
    const changes = await pollUntil((found) => found.upserts.get(id('storage', volume.id))?.state === 'online');
    const attached: InventoryObject | undefined = changes.upserts.get(id('storage', volume.id));
    expect(attached?.relations).toEqual(
      expect.arrayContaining([{ type: 'attached-to', to: id('vm', server?.id), via: expect.stringMatching(/^\/dev\/vd/) }]),
    );
  });

  it('refreshes a server whose floating IP changed, though Nova’s update time did not move', async () => {
    const server = [...simulator.cloud.servers.values()].find(
      (candidate) =>
        candidate.vmState === 'active' && candidate.projectId === [...simulator.cloud.projects.values()].find((p) => p.name === 'demo')?.id,
    );
    const [port] = await api.serverPorts(String(server?.id));
    const external = await api.externalNetwork();
    const floating = await api.createFloatingIp(String(external.id), String(port?.id));
    const changes = await watcher.poll(never);
    expect(changes.upserts.get(id('network', floating.id))?.relations).toEqual(
      expect.arrayContaining([{ type: 'routes-to', to: id('network', port?.id) }]),
    );
    expect(changes.upserts.get(id('vm', server?.id))?.facts.ipAddresses).toContain(floating.floating_ip_address);
  });

  it('reports deleted servers and images as removals', async () => {
    const server = [...simulator.cloud.servers.values()].find((candidate) => candidate.vmState === 'stopped');
    const image = await api.createImage('short-lived');
    await pollUntil((found) => found.upserts.has(id('template', image.id)));
    await api.deleteServer(String(server?.id));
    await api.remove('image', `/images/${String(image.id)}`);
    const removed = new Set<string>();
    await pollUntil((found) => {
      for (const gone of found.removes) removed.add(gone);
      return removed.has(id('vm', server?.id)) && removed.has(id('template', image.id));
    });
    expect(removed.size).toBeGreaterThanOrEqual(2);
  });
});

describe('CloudWatcher for a project member', () => {
  it('falls back to re-listing volumes when Cinder refuses a non-admin’s updated_at filter', async () => {
    const simulator = await startOpenstackSimulator({ seed: 6, size: { servers: 4, volumes: 2 }, behaviour: { transitionMs: 20 } });
    const { config, secrets } = simulatorContext(simulator, simulator.demo);
    const session = new OpenstackSession(readSettings(config.id, config.url, config.fields, secrets, config.tls), defaultTuning);
    const demo = await CloudApi.open(simulator.url, simulator.demo, config.tls);
    try {
      await session.open(never);
      const sync = new InventorySync(session, 'sim');
      for await (const delta of sync.run(never)) void delta;
      const watcher = new CloudWatcher(session, sync.view as NonNullable<typeof sync.view>);
      const volume = await demo.createVolume('member-volume');
      const changes = await watcher.poll(never);
      expect(changes.upserts.get(id('storage', volume.id))?.state).toBe('available');
      await demo.remove('block-storage', `/volumes/${String(volume.id)}`);
      await demo.until(
        'the volume to go',
        () => demo.list('block-storage', '/volumes', 'volumes'),
        (list) => !list.some((entry) => entry.id === volume.id),
      );
      expect([...(await watcher.poll(never)).removes]).toEqual([id('storage', volume.id)]);
    } finally {
      await demo.close();
      await session.close();
      await simulator.close();
    }
  });
});

describe('provider watch', () => {
  it('emits begin(false) · upsert · commit only when something changed', async () => {
    const simulator = await startOpenstackSimulator({ seed: 4, size: { servers: 4, volumes: 1 }, behaviour: { transitionMs: 20 } });
    const provider = createOpenstackProvider(simulatorContext(simulator), { watchIntervalMs: 50 });
    const api = await CloudApi.open(simulator.url, simulator.admin, { pinnedFingerprint: simulator.fingerprint256 as string });
    const controller = new AbortController();
    const seen: InventoryDelta[] = [];
    try {
      const watching = (async () => {
        for await (const delta of provider.watch(controller.signal)) seen.push(delta);
      })().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(seen).toEqual([]);
      const server = [...simulator.cloud.servers.values()].find((candidate) => candidate.vmState === 'active');
      await api.serverAction(String(server?.id), { pause: null });
      await api.until(
        'the watch to report the pause',
        async () => seen.filter((delta) => delta.op === 'commit').length,
        (commits) => commits > 0,
        10_000,
      );
      controller.abort();
      await watching;
      const paused = seen
        .flatMap((delta) => (delta.op === 'upsert' ? delta.objects : []))
        .find((object) => object.nativeId === server?.id && object.state === 'paused');
      expect(paused).toBeDefined();
      expect(seen[0]).toEqual({ op: 'begin', full: false });
      expect(seen.filter((delta) => delta.op === 'begin')).toHaveLength(seen.filter((delta) => delta.op === 'commit').length);
    } finally {
      controller.abort();
      await api.close();
      await provider.close();
      await simulator.close();
    }
  });
});
