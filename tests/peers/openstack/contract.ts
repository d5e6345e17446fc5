import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSkydeckError } from '../../../common/errors/skydeck-error';
import type { ConnectionConfig, TlsTrust } from '../../../common/model/connection';
import type { InventoryDelta, InventoryObject, ObjectKind } from '../../../common/model/inventory';
import { objectId } from '../../../common/model/inventory';
import type { ActionName, TaskInfo } from '../../../common/model/operations';
import { readCloudsYaml } from '../../../backends/openstack/clouds-yaml';
import { createOpenstackProvider, type OpenstackProvider } from '../../../backends/openstack/index';
import type { OpenstackTuning } from '../../../backends/openstack/settings';
import { CloudApi, type PeerAccount } from './cloud-api';

/** A running OpenStack to hold the contract against: the simulator, or the real lab. */
export interface OpenstackPeer {
  authUrl: string;
  tls: TlsTrust;
  region?: string;
  admin: PeerAccount;
  demo: PeerAccount;
  /** A clouds.yaml naming the peer's clouds (with their passwords, or a secure.yaml beside it). */
  cloudsYaml: string;
  /** How long an action or a change may take to show on this peer. */
  patienceMs: number;
  close?(): Promise<void>;
}

type Body = Record<string, unknown>;

const suffix = `sk${Date.now().toString(36)}`;
const never = new AbortController().signal;

function connection(peer: OpenstackPeer, fields: Record<string, string>): ConnectionConfig {
  return {
    id: 'contract',
    name: 'contract',
    kind: 'openstack',
    url: peer.authUrl,
    fields: { region: peer.region ?? '', ...fields },
    tls: peer.tls,
    createdAt: new Date().toISOString(),
  };
}

function passwordProvider(peer: OpenstackPeer, account: PeerAccount, tuning: Partial<OpenstackTuning> = {}): OpenstackProvider {
  const fields = {
    auth: 'password',
    username: account.username,
    userDomain: account.userDomain,
    project: account.project,
    projectDomain: account.projectDomain,
  };
  return createOpenstackProvider({ config: connection(peer, fields), secrets: { password: account.password } }, tuning);
}

async function syncAll(provider: OpenstackProvider): Promise<{ deltas: InventoryDelta[]; objects: Map<string, InventoryObject> }> {
  const deltas: InventoryDelta[] = [];
  for await (const delta of provider.inventory(never)) deltas.push(delta);
  const objects = new Map<string, InventoryObject>();
  for (const delta of deltas) if (delta.op === 'upsert') for (const object of delta.objects) objects.set(object.id, object);
  return { deltas, objects };
}

const ofKind = (objects: Map<string, InventoryObject>, kind: ObjectKind, nativeType?: string): InventoryObject[] =>
  [...objects.values()].filter((object) => object.kind === kind && (!nativeType || object.nativeType === nativeType));

const relationTo = (object: InventoryObject | undefined, type: string, to: string): boolean =>
  object?.relations.some((relation) => relation.type === type && relation.to === to) ?? false;

async function runTask(
  provider: OpenstackProvider,
  action: ActionName,
  target: string,
  params?: Record<string, string>,
): Promise<TaskInfo> {
  let last = await provider.act({ action, target, ...(params ? { params } : {}) }, never);
  for await (const update of provider.followTask(last, never)) last = update;
  return last;
}

/**
 * The behaviour Skydeck relies on, held against any OpenStack: objects created through the
 * APIs show up with their relations, paging works with pages smaller than the data, a
 * project member sees its project and a note of what it may not, a change shows through
 * watch, each action completes, and every way of logging in works.
 */
export function defineOpenstackContract(setup: () => Promise<OpenstackPeer>): void {
  describe.sequential('OpenStack connector contract', () => {
    let peer: OpenstackPeer;
    let admin: CloudApi;
    let demo: CloudApi;
    const made: {
      network?: Body;
      subnet?: Body;
      router?: Body;
      image?: Body;
      servers: Body[];
      volume?: Body;
      floatingIp?: Body;
      external?: Body;
    } = { servers: [] };
    const providers: OpenstackProvider[] = [];
    const track = (provider: OpenstackProvider): OpenstackProvider => {
      providers.push(provider);
      return provider;
    };
    const vmId = (server: Body): string => objectId('contract', 'vm', String(server.id));

    beforeAll(async () => {
      peer = await setup();
      admin = await CloudApi.open(peer.authUrl, peer.admin, peer.tls, peer.patienceMs);
      demo = await CloudApi.open(peer.authUrl, peer.demo, peer.tls, peer.patienceMs);
      made.external = await admin.externalNetwork();
      const third = (Date.now() >> 10) % 200;
      const { network, subnet } = await demo.createNetwork(`${suffix}-net`, `10.${(third % 50) + 150}.${third}.0/24`);
      Object.assign(made, { network, subnet });
      made.router = await demo.createRouter(`${suffix}-router`, String(made.external.id), String(subnet.id));
      made.image = await demo.createImage(`${suffix}-image`);
      const flavor = await admin.smallestFlavor();
      for (const index of [1, 2, 3]) {
        made.servers.push(await demo.createServer(`${suffix}-vm-${index}`, String(made.image.id), String(flavor.id), String(network.id)));
      }
      for (const server of made.servers) Object.assign(server, await demo.waitForServer(String(server.id), 'ACTIVE'));
      const [port] = await demo.serverPorts(String(made.servers[0]?.id));
      made.floatingIp = await demo.createFloatingIp(String(made.external.id), String(port?.id));
      made.volume = await demo.createVolume(`${suffix}-vol`);
      made.volume = await demo.attachVolume(String(made.servers[0]?.id), String(made.volume.id));
    }, 600_000);

    afterAll(async () => {
      await Promise.all(providers.map((provider) => provider.close()));
      if (demo) {
        if (made.floatingIp) await demo.remove('network', `/floatingips/${String(made.floatingIp.id)}`);
        for (const server of made.servers) await demo.deleteServer(String(server.id));
        for (const server of made.servers)
          await demo
            .until(
              `server ${String(server.id)} gone`,
              () => demo.list('compute', '/servers', 'servers', { name: String(server.name) }),
              (list) => list.length === 0,
            )
            .catch(() => undefined);
        if (made.volume) await demo.remove('block-storage', `/volumes/${String(made.volume.id)}`);
        if (made.router && made.subnet) {
          await demo
            .call('network', {
              method: 'PUT',
              path: `/routers/${String(made.router.id)}/remove_router_interface`,
              body: { subnet_id: made.subnet.id },
            })
            .catch(() => undefined);
          await demo.remove('network', `/routers/${String(made.router.id)}`);
        }
        if (made.network) await demo.remove('network', `/networks/${String(made.network.id)}`);
        if (made.image) await demo.remove('image', `/images/${String(made.image.id)}`);
        await demo.close();
      }
      await admin?.close();
      await peer?.close?.();
    }, 300_000);

    it('connects and tells what the cloud offers', async () => {
      const info = await track(passwordProvider(peer, peer.admin)).connect(never);
      expect(info.product).toMatch(/^OpenStack/);
      expect(info.capabilities).toEqual(expect.arrayContaining(['compute', 'network', 'image', 'block-storage', 'admin']));
      expect(info.version).toMatch(/compute 2\.\d+/);
    });

    it('streams a full inventory, read in pages smaller than the data, with the created objects and their relations', async () => {
      const pageSize = 2;
      const { deltas, objects } = await syncAll(track(passwordProvider(peer, peer.admin, { pageSize })));
      expect(deltas[0]).toEqual({ op: 'begin', full: true });
      expect(deltas.at(-1)?.op).toBe('commit');
      for (const delta of deltas) if (delta.op === 'upsert') expect(delta.objects.length).toBeLessThanOrEqual(500);

      const everyServer = await admin.list('compute', '/servers/detail', 'servers', { all_tenants: 1 });
      expect(everyServer.length).toBeGreaterThan(pageSize);
      expect(
        ofKind(objects, 'vm')
          .map((vm) => vm.nativeId)
          .sort(),
      ).toEqual(everyServer.map((server) => String(server.id)).sort());

      const [first] = made.servers as [Body];
      const server = objects.get(vmId(first));
      expect(server?.state).toBe('running');
      const host = server?.relations.find((relation) => relation.type === 'runs-on');
      expect(host && objects.get(host.to)?.kind).toBe('host');
      expect(relationTo(server, 'member-of', objectId('contract', 'tenant', demo.projectId))).toBe(true);
      expect(objects.get(objectId('contract', 'tenant', demo.projectId))?.name).toBe(peer.demo.project);
      expect(server?.facts.cpuCount).toBeGreaterThan(0);

      const networkId = objectId('contract', 'network', String(made.network?.id));
      const ports = ofKind(objects, 'network', 'port').filter((port) => relationTo(port, 'attached-to', vmId(first)));
      expect(ports).toHaveLength(1);
      expect(relationTo(ports[0], 'attached-to', networkId)).toBe(true);
      expect(server?.facts.ipAddresses).toEqual(expect.arrayContaining(ports[0]?.facts.ipAddresses ?? ['missing']));

      const volume = objects.get(objectId('contract', 'storage', String(made.volume?.id)));
      expect(volume?.state).toBe('online');
      expect(relationTo(volume, 'attached-to', vmId(first))).toBe(true);

      const floating = objects.get(objectId('contract', 'network', String(made.floatingIp?.id)));
      expect(floating?.nativeType).toBe('floating-ip');
      expect(relationTo(floating, 'routes-to', ports[0]?.id ?? 'missing')).toBe(true);

      const router = objects.get(objectId('contract', 'network', String(made.router?.id)));
      expect(relationTo(router, 'routes-to', networkId)).toBe(true);
      expect(relationTo(router, 'routes-to', objectId('contract', 'network', String(made.external?.id)))).toBe(true);

      const subnet = objects.get(objectId('contract', 'network', String(made.subnet?.id)));
      expect(subnet?.facts.cidr).toBe(made.subnet?.cidr);
      expect(relationTo(subnet, 'member-of', networkId)).toBe(true);

      expect(objects.get(objectId('contract', 'template', String(made.image?.id)))?.state).toBe('available');
      expect(ofKind(objects, 'site')).toHaveLength(1);
      expect(ofKind(objects, 'host').length).toBeGreaterThan(0);
    });

    it('shows a project member only its project, with a note of what it may not see, and never fails on admin-only lists', async () => {
      const { deltas, objects } = await syncAll(track(passwordProvider(peer, peer.demo, { pageSize: 3 })));
      const commit = deltas.at(-1);
      expect(commit?.op).toBe('commit');
      const notes = commit?.op === 'commit' ? (commit.notes ?? []) : [];
      expect(notes.join('\n')).toMatch(/admin/);
      expect(ofKind(objects, 'host')).toHaveLength(0);
      const servers = ofKind(objects, 'vm');
      expect(servers.map((server) => server.nativeId)).toEqual(expect.arrayContaining(made.servers.map((server) => String(server.id))));
      for (const server of servers) expect(relationTo(server, 'member-of', objectId('contract', 'tenant', demo.projectId))).toBe(true);
      const volume = objects.get(objectId('contract', 'storage', String(made.volume?.id)));
      expect(relationTo(volume, 'member-of', objectId('contract', 'tenant', demo.projectId))).toBe(true);
    });

    it('reports a server stopped outside Skydeck, and a server deleted, through watch', async () => {
      const provider = track(passwordProvider(peer, peer.admin, { watchIntervalMs: 300, pageSize: 50 }));
      await syncAll(provider);
      const [, second, third] = made.servers as [Body, Body, Body];
      const watching = new AbortController();
      const seen: InventoryDelta[] = [];
      const stream = (async () => {
        for await (const delta of provider.watch(watching.signal)) seen.push(delta);
      })().catch((error: unknown) => {
        if (!watching.signal.aborted) throw error;
      });
      await demo.serverAction(String(second.id), { 'os-stop': null });
      await demo.deleteServer(String(third.id));
      made.servers = made.servers.filter((server) => server !== third);
      const stopped = (): boolean =>
        seen.some(
          (delta) => delta.op === 'upsert' && delta.objects.some((object) => object.id === vmId(second) && object.state === 'stopped'),
        );
      const removed = (): boolean => seen.some((delta) => delta.op === 'remove' && delta.ids.includes(vmId(third)));
      await demo.until(
        'watch to report the stop and the deletion',
        async () => [stopped(), removed()],
        ([a, b]) => a === true && b === true,
        peer.patienceMs,
      );
      watching.abort();
      await stream;
      const groups = seen.filter((delta) => delta.op === 'begin');
      expect(groups.every((delta) => delta.op === 'begin' && !delta.full)).toBe(true);
      expect(seen.filter((delta) => delta.op === 'commit')).toHaveLength(groups.length);
    }, 180_000);

    it('carries each power action through to its end', async () => {
      const provider = track(passwordProvider(peer, peer.admin, { pollIntervalMs: 200, maxPollIntervalMs: 1_000 }));
      const [first] = made.servers as [Body];
      const target = vmId(first);
      const steps: Array<[ActionName, string]> = [
        ['power.stop', 'SHUTOFF'],
        ['power.start', 'ACTIVE'],
        ['power.reboot', 'ACTIVE'],
        ['power.reset', 'ACTIVE'],
        ['power.pause', 'PAUSED'],
        ['power.resume', 'ACTIVE'],
        ['power.suspend', 'SUSPENDED'],
        ['power.resume', 'ACTIVE'],
        ['shelve', 'SHELVED_OFFLOADED'],
        ['unshelve', 'ACTIVE'],
      ];
      for (const [action, status] of steps) {
        const task = await runTask(provider, action, target);
        expect(task.state, `${action}: ${task.message ?? ''}`).toBe('succeeded');
        expect(String((await demo.server(String(first.id))).status)).toMatch(
          status === 'SHELVED_OFFLOADED' ? /^SHELVED/ : new RegExp(`^${status}$`),
        );
      }
    }, 300_000);

    it("refuses an action the server state does not allow, with Nova's reason", async () => {
      const provider = track(passwordProvider(peer, peer.admin));
      const [first] = made.servers as [Body];
      const failure = await provider.act({ action: 'power.start', target: vmId(first) }, never).catch((error: unknown) => error);
      expect(isSkydeckError(failure) && failure.code).toBe('conflict');
      expect((failure as Error).message).toMatch(/vm_state active/);
    });

    it('snapshots a server into an image, then removes the snapshot', async () => {
      const provider = track(passwordProvider(peer, peer.admin, { pollIntervalMs: 200, maxPollIntervalMs: 1_000 }));
      const [first] = made.servers as [Body];
      const task = await runTask(provider, 'snapshot.create', vmId(first), { name: `${suffix}-snap` });
      expect(task.state, task.message).toBe('succeeded');
      const [image] = await admin.list('image', '/images', 'images', { name: `${suffix}-snap` });
      expect(image?.status).toBe('active');
      expect(image?.instance_uuid).toBe(first.id);
      const removal = await runTask(provider, 'snapshot.remove', objectId('contract', 'snapshot', String(image?.id)));
      expect(removal.state).toBe('succeeded');
      expect(await admin.list('image', '/images', 'images', { name: `${suffix}-snap` })).toHaveLength(0);
    }, 180_000);

    it('live-migrates when another host can take the server, and says why not otherwise', async () => {
      const provider = track(passwordProvider(peer, peer.admin, { pollIntervalMs: 200, maxPollIntervalMs: 1_000 }));
      const [first] = made.servers as [Body];
      const hosts = await admin.list('compute', '/os-hypervisors', 'hypervisors');
      const before = (await admin.server(String(first.id)))['OS-EXT-SRV-ATTR:hypervisor_hostname'];
      const task = await runTask(provider, 'migrate', vmId(first));
      const after = (await admin.server(String(first.id)))['OS-EXT-SRV-ATTR:hypervisor_hostname'];
      if (hosts.length > 1) {
        expect(task.state, task.message).toBe('succeeded');
        expect(after).not.toBe(before);
      } else {
        expect(task.state).toBe('failed');
        expect(task.message).toMatch(/No valid host/);
        expect(after).toBe(before);
        expect((await provider.taskLog(task, never)).join('\n')).toMatch(/Error/);
      }
    }, 180_000);

    it('creates a server from an image, a flavor and a network', async () => {
      const provider = track(passwordProvider(peer, peer.demo, { pollIntervalMs: 200, maxPollIntervalMs: 1_000 }));
      const flavor = await admin.smallestFlavor();
      const task = await runTask(provider, 'server.create', objectId('contract', 'template', String(made.image?.id)), {
        name: `${suffix}-created`,
        flavor: String(flavor.name),
        network: String(made.network?.id),
      });
      expect(task.state, task.message).toBe('succeeded');
      const created = await demo.server(task.target.split('/').pop() as string);
      made.servers.push(created);
      expect(created.status).toBe('ACTIVE');
      expect(created.name).toBe(`${suffix}-created`);
    }, 180_000);

    it('gives the console log, a noVNC WebSocket, the SSH address, and a serial console or a clear refusal', async () => {
      const provider = track(passwordProvider(peer, peer.demo));
      const [first] = made.servers as [Body];
      expect((await provider.consoleLog(vmId(first), 10, never)).length).toBeGreaterThan(0);
      const vnc = await provider.console(vmId(first), 'vnc', never);
      expect(vnc.kind === 'vnc' && vnc.websocketUrl).toMatch(/^wss?:\/\/[^/]+\/.*token=/);
      const ssh = await provider.console(vmId(first), 'ssh', never);
      const [port] = await demo.serverPorts(String(first.id));
      const reachable = [
        made.floatingIp?.floating_ip_address,
        ...((port?.fixed_ips as Body[] | undefined) ?? []).map((ip) => ip.ip_address),
      ];
      expect(reachable).toContain(ssh.kind === 'ssh' ? ssh.host : undefined);
      const serial = await provider.console(vmId(first), 'terminal', never).catch((error: unknown) => error);
      if (isSkydeckError(serial)) expect(serial.message).toMatch(/serial/i);
      else expect(serial).toMatchObject({ kind: 'terminal', framing: 'raw' });
    });

    it('gives an admin live metrics from diagnostics and Placement, and tells a member what it cannot have', async () => {
      const [first] = made.servers as [Body];
      const adminProvider = track(passwordProvider(peer, peer.admin));
      const { objects } = await syncAll(adminProvider);
      const host = objects.get(vmId(first))?.relations.find((relation) => relation.type === 'runs-on')?.to as string;
      const result = await adminProvider.metrics({ targets: [vmId(first), host] }, never);
      const metricsOf = (target: string): string[] =>
        result.series.filter((series) => series.target === target).map((series) => series.metric);
      expect(metricsOf(vmId(first))).toEqual(expect.arrayContaining(['cpu.usage', 'memory.total']));
      expect(metricsOf(host)).toEqual(expect.arrayContaining(['memory.total', 'disk.total']));
      expect(result.unavailable.join('\n')).toMatch(/two samples/);
      const member = await track(passwordProvider(peer, peer.demo)).metrics({ targets: [vmId(first)] }, never);
      expect(member.series).toHaveLength(0);
      expect(member.unavailable.join('\n')).toMatch(/admin/);
    });

    it('logs in with an application credential and with an existing token', async () => {
      const credential = await demo.createApplicationCredential(`${suffix}-cred`);
      const byCredential = track(
        createOpenstackProvider({
          config: connection(peer, { auth: 'application-credential', applicationCredentialId: credential.id }),
          secrets: { applicationCredentialSecret: credential.secret },
        }),
      );
      expect((await byCredential.connect(never)).notes[0]).toMatch(new RegExp(`project ${peer.demo.project}`));
      const byToken = track(
        createOpenstackProvider({
          config: connection(peer, { auth: 'token', project: peer.demo.project, projectDomain: peer.demo.projectDomain }),
          secrets: { token: demo.session.token.id },
        }),
      );
      const { objects } = await syncAll(byToken);
      expect(ofKind(objects, 'vm').length).toBeGreaterThan(0);
      await demo.remove('identity', `/users/${demo.userId}/application_credentials/${credential.id}`);
    }, 120_000);

    it("imports the peer's clouds.yaml into connections that log in", async () => {
      const imported = await readCloudsYaml({ file: peer.cloudsYaml, env: {} });
      expect(imported.drafts.length).toBeGreaterThanOrEqual(2);
      for (const draft of imported.drafts) {
        const provider = track(
          createOpenstackProvider({
            config: {
              id: 'contract',
              name: draft.name,
              kind: 'openstack',
              url: draft.url,
              fields: draft.fields,
              tls: draft.tls.caFile ? draft.tls : peer.tls,
              createdAt: '',
            },
            secrets: draft.secrets,
          }),
        );
        expect((await provider.connect(never)).product).toMatch(/^OpenStack/);
      }
    });
  });
}
