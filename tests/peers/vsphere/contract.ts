import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSkydeckError, type SkydeckError } from '../../../common/errors/skydeck-error';
import type { InventoryDelta, InventoryObject } from '../../../common/model/inventory';
import type { ActionRequest, TaskInfo } from '../../../common/model/operations';
import { VsphereProvider, type VsphereProviderOptions } from '../../../backends/vsphere/index';
import type { VsphereSimulatorControl } from '../../../backends/vsphere/simulator/index';
import type { FaultInjector } from '../../../backends/core/simulator/faults';
import { TruthClient } from './truth-client';

/** A vSphere server the contract runs against: vcsim or Skydeck's simulator. */
export interface VsphereContractTarget {
  url: string;
  username: string;
  password: string;
  fingerprint: string;
  /** What this server offers beyond the common core; the suite checks both sides of each. */
  capabilities: {
    guestReboot: boolean;
    webmks: boolean;
    historicalStatistics: boolean;
    /** VMs report guest IP addresses (VMware Tools running). */
    guestAddresses: boolean;
  };
  /** Knobs only Skydeck's simulator has (paging, injected faults); absent for vcsim. */
  simulator?: { control: VsphereSimulatorControl; faults: FaultInjector };
  close(): Promise<void>;
}

export interface VsphereContractSetup {
  name: string;
  /** Whether `start` gives simulator knobs: the paging and injected-fault cases run only then. */
  simulatorKnobs: boolean;
  start(): Promise<VsphereContractTarget>;
}

const connectionId = 'contract';
/** Names made by this run: unique, so a peer that outlives one run does not refuse them as duplicates. */
const run = Date.now().toString(36);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Synced {
  deltas: InventoryDelta[];
  objects: Map<string, InventoryObject>;
}

/** Collects a whole stream; a failure is returned with the deltas seen before it. */
async function drain(stream: AsyncIterable<InventoryDelta>): Promise<{ deltas: InventoryDelta[]; error?: SkydeckError }> {
  const deltas: InventoryDelta[] = [];
  try {
    for await (const delta of stream) deltas.push(delta);
  } catch (error) {
    if (!isSkydeckError(error)) throw error;
    return { deltas, error };
  }
  return { deltas };
}

async function failureOf(work: () => Promise<unknown>): Promise<SkydeckError> {
  try {
    await work();
  } catch (error) {
    if (isSkydeckError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

function objectsOf(deltas: readonly InventoryDelta[]): Map<string, InventoryObject> {
  const objects = new Map<string, InventoryObject>();
  for (const delta of deltas) if (delta.op === 'upsert') for (const object of delta.objects) objects.set(object.id, object);
  return objects;
}

const ofKind = (synced: Synced, ...kinds: string[]): InventoryObject[] =>
  [...synced.objects.values()].filter((o) => kinds.includes(o.kind));

/**
 * The vSphere connector's contract, run against vcsim (the truth) and against Skydeck's
 * simulator (which must agree). What the server holds is read through TruthClient, a
 * separate minimal SOAP client.
 */
export function vsphereContract(setup: VsphereContractSetup): void {
  describe(`vSphere connector against ${setup.name}`, () => {
    let target: VsphereContractTarget;
    let truth: TruthClient;
    let provider: VsphereProvider;
    const providers: VsphereProvider[] = [];

    const newProvider = (
      changes: { password?: string; fingerprint?: string | undefined; url?: string } = {},
      options: VsphereProviderOptions = {},
    ): VsphereProvider => {
      const pin = 'fingerprint' in changes ? changes.fingerprint : target.fingerprint;
      const created = new VsphereProvider(
        {
          config: {
            id: connectionId,
            name: setup.name,
            kind: 'vsphere',
            url: changes.url ?? target.url,
            fields: { username: target.username },
            tls: pin ? { pinnedFingerprint: pin } : {},
            createdAt: new Date().toISOString(),
          },
          secrets: { password: changes.password ?? target.password },
        },
        { watch: { maxWaitSeconds: 2 }, ...options },
      );
      providers.push(created);
      return created;
    };

    const sync = async (using = provider): Promise<Synced> => {
      const { deltas, error } = await drain(using.inventory(AbortSignal.timeout(120_000)));
      if (error) throw new Error(`sync failed: ${error.code}: ${error.message}`);
      return { deltas, objects: objectsOf(deltas) };
    };

    const follow = async (task: TaskInfo, using = provider): Promise<TaskInfo> => {
      let last = task;
      for await (const update of using.followTask(task, AbortSignal.timeout(60_000))) last = update;
      return last;
    };

    const act = async (request: Omit<ActionRequest, 'target'> & { target: InventoryObject | string }): Promise<TaskInfo> => {
      const targetId = typeof request.target === 'string' ? request.target : request.target.id;
      return follow(await provider.act({ ...request, target: targetId }, AbortSignal.timeout(60_000)));
    };

    const power = async (vm: InventoryObject): Promise<string | undefined> =>
      (await truth.read('VirtualMachine', vm.nativeId, ['runtime.powerState'])).get('runtime.powerState');

    const ensurePower = async (vm: InventoryObject, state: 'poweredOn' | 'poweredOff'): Promise<void> => {
      if ((await power(vm)) !== state)
        await truth.runTask('VirtualMachine', vm.nativeId, state === 'poweredOn' ? 'PowerOnVM_Task' : 'PowerOffVM_Task');
    };

    beforeAll(async () => {
      target = await setup.start();
      truth = await TruthClient.login(target.url, target.username, target.password, target.fingerprint);
      provider = newProvider();
    });

    afterAll(async () => {
      for (const created of providers) await created.close();
      await truth?.close();
      await target?.close();
    });

    describe('session', () => {
      it('logs in and says what it talks to', async () => {
        const info = await provider.connect(AbortSignal.timeout(30_000));
        expect(info.product).toMatch(/vCenter/);
        expect(info.capabilities).toContain('vcenter');
        expect(info.version).toMatch(/^\d+\.\d+/);
      });

      it('names the user when the password is wrong', async () => {
        const error = await failureOf(() => newProvider({ password: 'wrong-password' }).connect(AbortSignal.timeout(30_000)));
        expect(error.code).toBe('auth-failed');
        expect(error.message).toContain(target.username);
        expect(error.message).not.toContain('wrong-password');
      });

      it('refuses a certificate that does not match the pin, and an unpinned self-signed one', async () => {
        const changed = await failureOf(() => newProvider({ fingerprint: `${'AB:'.repeat(31)}AB` }).connect(AbortSignal.timeout(30_000)));
        expect(changed.code).toBe('tls-changed');
        const untrusted = await failureOf(() => newProvider({ fingerprint: undefined }).connect(AbortSignal.timeout(30_000)));
        expect(untrusted.code).toBe('tls-untrusted');
        expect(untrusted.message).toContain(target.fingerprint);
      });
    });

    describe('inventory', () => {
      it('syncs everything the server holds, in framed batches', async () => {
        const [vms, hosts, clusters, datacenters, datastores, pods, networks, switches] = await Promise.all([
          truth.list('VirtualMachine', ['name', 'config.template']),
          truth.list('HostSystem'),
          truth.list('ClusterComputeResource'),
          truth.list('Datacenter'),
          truth.list('Datastore'),
          truth.list('StoragePod'),
          truth.list('Network'),
          truth.list('DistributedVirtualSwitch'),
        ]);
        const synced = await sync();

        expect(synced.deltas[0]).toEqual({ op: 'begin', full: true });
        expect(synced.deltas.at(-1)?.op).toBe('commit');
        for (const delta of synced.deltas.slice(1, -1)) {
          expect(delta.op).toBe('upsert');
          if (delta.op === 'upsert') expect(delta.objects.length).toBeLessThanOrEqual(500);
        }

        const names = (objects: InventoryObject[]): string[] => objects.map((o) => o.name).sort();
        const templates = vms.filter((vm) => vm.props.get('config.template') === 'true');
        expect(names(ofKind(synced, 'vm', 'template'))).toEqual(vms.map((vm) => vm.props.get('name')).sort());
        expect(ofKind(synced, 'template').length).toBe(templates.length);
        expect(names(ofKind(synced, 'host'))).toEqual(hosts.map((h) => h.props.get('name')).sort());
        expect(ofKind(synced, 'cluster').length).toBe(clusters.length);
        expect(ofKind(synced, 'site').length).toBe(datacenters.length);
        expect(ofKind(synced, 'storage').length).toBe(datastores.length + pods.length);
        expect(ofKind(synced, 'network').length).toBe(networks.length + switches.length);
      });

      it('links every object into the tree and every relation to a synced object', async () => {
        const synced = await sync();
        for (const object of synced.objects.values()) {
          if (object.parentId) expect(synced.objects.has(object.parentId), `${object.id} parent ${object.parentId}`).toBe(true);
          for (const relation of object.relations)
            expect(synced.objects.has(relation.to), `${object.id} ${relation.type} ${relation.to}`).toBe(true);
        }
        for (const vm of ofKind(synced, 'vm')) {
          expect(vm.relations.filter((r) => r.type === 'runs-on')).toHaveLength(1);
          expect(vm.facts.disks?.length).toBeGreaterThan(0);
          for (const disk of vm.facts.disks ?? []) {
            expect(vm.relations).toContainEqual({ type: 'stored-on', to: disk.storageId, via: disk.label });
          }
          for (const nic of vm.facts.nics ?? []) {
            expect(nic.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
            expect(vm.relations).toContainEqual({ type: 'attached-to', to: nic.networkId, via: nic.label });
          }
        }
        for (const host of ofKind(synced, 'host')) {
          const parent = synced.objects.get(host.parentId ?? '');
          expect(['cluster', 'site']).toContain(parent?.kind);
        }
      });

      if (setup.simulatorKnobs) {
        it('follows paging tokens to the last page and keeps the same result', async () => {
          const control = target.simulator?.control as VsphereSimulatorControl;
          const whole = await sync();
          const pageSize = control.knobs.pageSize;
          control.knobs.pageSize = 7;
          try {
            const before = control.callCount('ContinueRetrievePropertiesEx');
            const paged = await sync();
            expect(control.callCount('ContinueRetrievePropertiesEx') - before).toBeGreaterThan(3);
            expect([...paged.objects.keys()].sort()).toEqual([...whole.objects.keys()].sort());
          } finally {
            control.knobs.pageSize = pageSize;
          }
        });
      }
    });

    describe('watch', () => {
      it('delivers a rename and a power-off made on the server within seconds', async () => {
        const synced = await sync();
        const [renamed, stopped] = ofKind(synced, 'vm');
        if (!renamed || !stopped) throw new Error('the lab needs two VMs');
        await ensurePower(stopped, 'poweredOn');
        const controller = new AbortController();
        const seen: InventoryDelta[] = [];
        const watching = (async () => {
          try {
            for await (const delta of newProvider().watch(AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)]))) {
              seen.push(delta);
              if (delta.op !== 'commit') continue;
              const objects = objectsOf(seen);
              if (objects.get(renamed.id)?.name === `renamed-${run}` && objects.get(stopped.id)?.state === 'stopped') return;
            }
          } catch (error) {
            if (!controller.signal.aborted) throw error;
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const started = Date.now();
        try {
          await truth.runTask('VirtualMachine', renamed.nativeId, 'Rename_Task', `<newName>renamed-${run}</newName>`);
          await act({ action: 'power.stop', target: stopped });
          await watching;
        } finally {
          controller.abort();
          await truth.runTask('VirtualMachine', renamed.nativeId, 'Rename_Task', `<newName>${escapeXml(renamed.name)}</newName>`);
        }
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(seen[0]).toEqual({ op: 'begin', full: false });
        expect(seen.filter((d) => d.op === 'begin').every((d) => d.op === 'begin' && !d.full)).toBe(true);
      });

      it('starts over with a full resync after its session was terminated', async () => {
        const controller = new AbortController();
        const seen: InventoryDelta[] = [];
        const watcher = newProvider();
        await watcher.connect(AbortSignal.timeout(30_000));
        const watching = (async () => {
          try {
            for await (const delta of watcher.watch(AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)]))) {
              seen.push(delta);
              if (delta.op === 'commit' && seen.some((d) => d.op === 'begin' && d.full)) return;
            }
          } catch (error) {
            if (!controller.signal.aborted) throw error;
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await truth.terminateOtherSessions()).toBeGreaterThan(0);
        await watching;
        controller.abort();
        expect(seen.find((d) => d.op === 'begin')).toEqual({ op: 'begin', full: true });
        expect(objectsOf(seen).size).toBeGreaterThan(0);
      });
    });

    describe('metrics', () => {
      it('gives live CPU, memory, disk and network samples of a VM and a host', async () => {
        const synced = await sync();
        const vm = ofKind(synced, 'vm').find((o) => o.state === 'running') as InventoryObject;
        const host = ofKind(synced, 'host')[0] as InventoryObject;
        const result = await provider.metrics({ targets: [vm.id, host.id] }, AbortSignal.timeout(30_000));
        const metricsOf = (id: string): string[] => result.series.filter((s) => s.target === id).map((s) => s.metric);
        for (const metric of ['cpu.usage', 'memory.used', 'memory.total', 'disk.read', 'disk.write', 'net.in', 'net.out']) {
          expect(metricsOf(vm.id)).toContain(metric);
        }
        expect(metricsOf(host.id)).toEqual(expect.arrayContaining(['cpu.usage', 'memory.used', 'memory.total']));
        for (const series of result.series.filter((s) => s.metric === 'cpu.usage')) {
          for (const point of series.points) {
            expect(point.v).toBeGreaterThanOrEqual(0);
            expect(point.v).toBeLessThanOrEqual(1);
          }
        }
        const total = result.series.find((s) => s.target === vm.id && s.metric === 'memory.total');
        expect(total?.points[0]?.v).toBe(vm.facts.memoryBytes);
      });

      it('gives the last hour at 20 s, and longer history only where the server keeps it', async () => {
        const synced = await sync();
        const vm = ofKind(synced, 'vm').find((o) => o.state === 'running') as InventoryObject;
        const hour = await provider.metrics(
          { targets: [vm.id], history: { range: 'hour', aggregate: 'average' } },
          AbortSignal.timeout(30_000),
        );
        const cpu = hour.series.find((s) => s.metric === 'cpu.usage');
        expect(cpu?.points.length).toBeGreaterThan(100);
        const times = cpu?.points.map((p) => p.t) ?? [];
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const day = await provider.metrics({ targets: [vm.id], history: { range: 'day', aggregate: 'max' } }, AbortSignal.timeout(30_000));
        if (target.capabilities.historicalStatistics) {
          expect(day.series.find((s) => s.metric === 'cpu.usage')?.points.length).toBeGreaterThan(100);
        } else {
          expect(day.series).toEqual([]);
          expect(day.unavailable.join(' ')).toMatch(/day history/);
        }
      });
    });

    describe('actions', () => {
      let synced: Synced;
      beforeAll(async () => {
        synced = await sync();
      });

      it('suspends, resumes, resets, powers off and on, following each task to its end', async () => {
        const vm = ofKind(synced, 'vm')[0] as InventoryObject;
        await ensurePower(vm, 'poweredOn');
        const steps: [ActionRequest['action'], string][] = [
          ['power.suspend', 'suspended'],
          ['power.resume', 'poweredOn'],
          ['power.reset', 'poweredOn'],
          ['power.stop', 'poweredOff'],
          ['power.start', 'poweredOn'],
        ];
        for (const [action, expected] of steps) {
          const done = await act({ action, target: vm });
          expect(done.state, `${action}: ${done.message}`).toBe('succeeded');
          expect(done.progress).toBe(100);
          expect(await power(vm)).toBe(expected);
        }
      });

      it('reports a failed task with a sentence, not a fault class', async () => {
        const vm = ofKind(synced, 'vm')[0] as InventoryObject;
        await ensurePower(vm, 'poweredOn');
        const done = await act({ action: 'power.start', target: vm });
        expect(done.state).toBe('failed');
        expect(done.message).toMatch(/poweredOn/);
        expect(done.message).not.toMatch(/\*types\./);
      });

      it('shuts the guest down, and reboots it where the server can', async () => {
        const candidates = ofKind(synced, 'vm').filter(
          (o) => !target.capabilities.guestAddresses || (o.facts.ipAddresses?.length ?? 0) > 0,
        );
        const vm = candidates[1] ?? (candidates[0] as InventoryObject);
        await ensurePower(vm, 'poweredOn');
        const shutdown = await act({ action: 'power.shutdown', target: vm });
        expect(shutdown.state, shutdown.message).toBe('succeeded');
        expect(await power(vm)).toBe('poweredOff');
        await ensurePower(vm, 'poweredOn');
        if (target.capabilities.guestReboot) {
          expect((await act({ action: 'power.reboot', target: vm })).state).toBe('succeeded');
        } else {
          const error = await failureOf(() => provider.act({ action: 'power.reboot', target: vm.id }, AbortSignal.timeout(30_000)));
          expect(error.code).toBe('unsupported');
          expect(error.message).toMatch(/RebootGuest/);
        }
      });

      it('creates, reverts to and removes a snapshot', async () => {
        const vm = ofKind(synced, 'vm')[2] ?? (ofKind(synced, 'vm')[0] as InventoryObject);
        const created = await act({
          action: 'snapshot.create',
          target: vm,
          params: { name: 'contract-snapshot', description: 'made by the contract suite' },
        });
        expect(created.state, created.message).toBe('succeeded');
        const afterCreate = await sync();
        const snapshot = ofKind(afterCreate, 'snapshot').find(
          (s) => s.name === 'contract-snapshot' && s.relations.some((r) => r.type === 'snapshot-of' && r.to === vm.id),
        );
        if (!snapshot) throw new Error('the new snapshot is not in the inventory');
        expect(snapshot.native.current).toBe(true);
        expect((await act({ action: 'snapshot.revert', target: snapshot })).state).toBe('succeeded');
        expect((await act({ action: 'snapshot.remove', target: snapshot })).state).toBe('succeeded');
        const afterRemove = await sync();
        expect(afterRemove.objects.has(snapshot.id)).toBe(false);
      });

      it('migrates a VM to another host of its cluster', async () => {
        const vm = ofKind(synced, 'vm').find((o) => {
          const host = synced.objects.get(o.parentId ?? '');
          return (
            host &&
            ofKind(synced, 'host').some((h) => h.parentId === host.parentId && h.id !== host.id && h.state === 'online') &&
            synced.objects.get(host.parentId ?? '')?.kind === 'cluster'
          );
        });
        if (!vm) throw new Error('the lab needs a cluster with two hosts');
        const current = synced.objects.get(vm.parentId ?? '') as InventoryObject;
        const destination = ofKind(synced, 'host').find(
          (h) => h.parentId === current.parentId && h.id !== current.id && h.state === 'online',
        ) as InventoryObject;
        const done = await act({ action: 'migrate', target: vm, params: { host: destination.id } });
        expect(done.state, done.message).toBe('succeeded');
        expect((await truth.read('VirtualMachine', vm.nativeId, ['runtime.host'])).get('runtime.host')).toBe(destination.nativeId);
      });

      it('clones a VM from a template', async () => {
        const source = ofKind(synced, 'vm')[3] ?? (ofKind(synced, 'vm')[0] as InventoryObject);
        const cloned = await act({ action: 'clone', target: source, params: { name: `contract-template-${run}` } });
        expect(cloned.state, cloned.message).toBe('succeeded');
        const templateId = cloned.message?.match(/VirtualMachine (\S+)/)?.[1] as string;
        await ensurePower({ ...source, nativeId: templateId }, 'poweredOff');
        await truth.call('VirtualMachine', templateId, 'MarkAsTemplate');
        const templates = ofKind(await sync(), 'template');
        const template = templates.find((t) => t.nativeId === templateId);
        expect(template?.name).toBe(`contract-template-${run}`);
        const fromTemplate = await act({ action: 'clone', target: template as InventoryObject, params: { name: `contract-clone-${run}` } });
        expect(fromTemplate.state, fromTemplate.message).toBe('succeeded');
        const vms = await truth.list('VirtualMachine', ['name', 'config.template']);
        expect(vms.find((vm) => vm.props.get('name') === `contract-clone-${run}`)?.props.get('config.template')).toBe('false');
      });
    });

    describe('consoles', () => {
      it('hands out a VMRC link with a clone ticket', async () => {
        const vm = ofKind(await sync(), 'vm')[0] as InventoryObject;
        const endpoint = await provider.console(vm.id, 'vmrc', AbortSignal.timeout(30_000));
        const host = new URL(target.url).host;
        expect(endpoint).toEqual({
          kind: 'vmrc',
          url: expect.stringMatching(new RegExp(`^vmrc://clone:[^@]+@${host.replace(/\./g, '\\.')}/\\?moid=${vm.nativeId}$`)),
        });
      });

      it('gives the web console ticket where the server issues one, and says so clearly where not', async () => {
        const synced = await sync();
        const vm = ofKind(synced, 'vm').find((o) => o.state === 'running') as InventoryObject;
        if (target.capabilities.webmks) {
          const endpoint = await provider.console(vm.id, 'webmks', AbortSignal.timeout(30_000));
          expect(endpoint.kind === 'webmks' && endpoint.url).toMatch(/^wss:\/\/.+\/ticket\/.+/);
        } else {
          const error = await failureOf(() => provider.console(vm.id, 'webmks', AbortSignal.timeout(30_000)));
          expect(error.code).toBe('unsupported');
          expect(error.message).toMatch(/VMRC/);
        }
      });

      it('gives the guest address for SSH, or says why there is none', async () => {
        const synced = await sync();
        const vm = ofKind(synced, 'vm').find(
          (o) => o.state === 'running' && (!target.capabilities.guestAddresses || o.facts.ipAddresses?.length),
        ) as InventoryObject;
        if (target.capabilities.guestAddresses) {
          expect(await provider.console(vm.id, 'ssh', AbortSignal.timeout(30_000))).toEqual({
            kind: 'ssh',
            host: vm.facts.ipAddresses?.[0],
            port: 22,
          });
        } else {
          const error = await failureOf(() => provider.console(vm.id, 'ssh', AbortSignal.timeout(30_000)));
          expect(error.code).toBe('unsupported');
          expect(error.message).toMatch(/IP address/);
        }
      });
    });

    describe('faults', () => {
      it('logs in again transparently when the server ended the session', async () => {
        const before = await sync();
        expect(await truth.terminateOtherSessions()).toBeGreaterThan(0);
        const after = await sync();
        expect(after.objects.size).toBe(before.objects.size);
      });

      it('says a closed port is unreachable', async () => {
        const closed = new URL(target.url);
        closed.port = '1';
        const error = await failureOf(() => newProvider({ url: closed.href }).connect(AbortSignal.timeout(30_000)));
        expect(error.code).toBe('unreachable');
        expect(error.message).toMatch(/refused/);
      });

      if (setup.simulatorKnobs) {
        it('never commits a sync that failed part-way (SOAP fault, dropped connection, garbage)', async () => {
          const { control, faults } = target.simulator as NonNullable<VsphereContractTarget['simulator']>;
          await provider.connect(AbortSignal.timeout(30_000));
          const pageSize = control.knobs.pageSize;
          control.knobs.pageSize = 5;
          try {
            control.failNext('ContinueRetrievePropertiesEx', 'SystemError');
            const faulted = await drain(provider.inventory(AbortSignal.timeout(30_000)));
            expect(faulted.error?.code).toBe('server-error');
            expect(faulted.deltas.some((d) => d.op === 'commit')).toBe(false);

            for (const knob of [{ dropRate: 1 }, { garbageRate: 1 }] as const) {
              faults.set(knob);
              const failed = await drain(provider.inventory(AbortSignal.timeout(30_000)));
              faults.set({ dropRate: 0, garbageRate: 0 });
              expect(failed.error?.code).toBe('dropRate' in knob ? 'unreachable' : 'bad-response');
              expect(failed.deltas.some((d) => d.op === 'commit')).toBe(false);
            }
          } finally {
            control.knobs.pageSize = pageSize;
            faults.set({ dropRate: 0, garbageRate: 0 });
          }
        });

        it('survives losing the session between two pages, delivering each object once', async () => {
          const { control } = target.simulator as NonNullable<VsphereContractTarget['simulator']>;
          const whole = await sync();
          const pageSize = control.knobs.pageSize;
          control.knobs.pageSize = 5;
          try {
            control.failNext('ContinueRetrievePropertiesEx', 'NotAuthenticated');
            const resumed = await sync();
            const ids = resumed.deltas.flatMap((d) => (d.op === 'upsert' ? d.objects.map((o) => o.id) : []));
            expect(new Set(ids).size).toBe(ids.length);
            expect([...resumed.objects.keys()].sort()).toEqual([...whole.objects.keys()].sort());
          } finally {
            control.knobs.pageSize = pageSize;
          }
        });

        it('resyncs in full when the server no longer knows the watch version', async () => {
          const { control } = target.simulator as NonNullable<VsphereContractTarget['simulator']>;
          const vm = ofKind(await sync(), 'vm')[5] as InventoryObject;
          const controller = new AbortController();
          const seen: InventoryDelta[] = [];
          const watching = (async () => {
            try {
              for await (const delta of newProvider().watch(AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)]))) {
                seen.push(delta);
                if (delta.op === 'commit' && seen.some((d) => d.op === 'begin' && d.full)) return;
              }
            } catch (error) {
              if (!controller.signal.aborted) throw error;
            }
          })();
          await new Promise((resolve) => setTimeout(resolve, 1000));
          control.forgetChangeHistory();
          try {
            await truth.runTask('VirtualMachine', vm.nativeId, 'Rename_Task', `<newName>stale-${run}</newName>`);
            await watching;
          } finally {
            controller.abort();
          }
          expect(seen.find((d) => d.op === 'begin')).toEqual({ op: 'begin', full: true });
          expect(objectsOf(seen).get(vm.id)?.name).toBe(`stale-${run}`);
        });
      }
    });
  });
}
