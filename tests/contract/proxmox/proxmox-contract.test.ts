import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { objectId, type InventoryObject } from '../../../common/model/inventory';
import type { ActionName, ConsoleEndpoint, TaskInfo } from '../../../common/model/operations';
import type { ProxmoxProvider } from '../../../backends/proxmox/provider';
import { startProxmoxSimulator, type ProxmoxSimulator, type RecordedExchange } from '../../../backends/proxmox/simulator/index';
import type { LabGuest } from '../../../backends/proxmox/simulator/lab';
import { totp } from '../../../backends/proxmox/simulator/totp';
import { collect, labProvider, never, objectsOf, untilCommit } from '../../../backends/proxmox/testing/lab-connection';
import { checkExchange } from './exchange-check';
import { PveApiSchema } from './pve-schema';

/**
 * The Proxmox contract: the connector is driven through everything it does against the
 * simulator, and every call the simulator answered (what the connector sent, what the
 * simulator served) is checked against the PVE 9.1 API schema.
 */
describe('Proxmox connector and simulator against the PVE API schema', () => {
  const schema = PveApiSchema.load();
  const exchanges: RecordedExchange[] = [];
  let simulator: ProxmoxSimulator;
  let provider: ProxmoxProvider;
  let inventory: Map<string, InventoryObject>;

  /** Runs the work and answers the schema problems of the calls it caused. */
  const checked = async (work: () => Promise<void>): Promise<string[]> => {
    const start = exchanges.length;
    await work();
    return exchanges.slice(start).flatMap((exchange) => checkExchange(schema, exchange));
  };

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({
      seed: 13,
      nodes: 3,
      guests: 24,
      authFailureDelayMs: 10,
      taskDurationMs: 20,
      recorder: (exchange) => exchanges.push(exchange),
    });
    provider = labProvider(simulator, { pollIntervalMs: 40, rateWindowMs: 200 });
  });
  afterAll(async () => {
    await provider.close();
    await simulator.close();
  });

  const guest = (test: (candidate: LabGuest) => boolean): LabGuest => {
    const found = [...simulator.lab.guests.values()].find((candidate) => !candidate.lock && test(candidate));
    if (!found) throw new Error('no such guest in the lab');
    return found;
  };
  const idOf = (candidate: LabGuest): string => objectId('lab', candidate.template ? 'template' : 'vm', String(candidate.vmid));

  it('serves only routes the schema has', () => {
    const unknown = simulator.routes.filter((route) => !schema.has(route.method, route.path));
    expect(unknown).toEqual([]);
    expect(simulator.routes.length).toBeGreaterThan(60);
  });

  it('connects and syncs within the schema, into a consistent model', async () => {
    const problems = await checked(async () => {
      await provider.connect(never);
      inventory = objectsOf(await collect(provider.inventory(never)));
    });
    expect(problems).toEqual([]);
    for (const object of inventory.values()) {
      expect(object.id).toBe(objectId('lab', object.kind, object.nativeId));
      if (object.parentId) expect(inventory.has(object.parentId), `${object.id} parent ${object.parentId}`).toBe(true);
      for (const relation of object.relations)
        expect(inventory.has(relation.to), `${object.id} ${relation.type} ${relation.to}`).toBe(true);
    }
    const kinds = new Set([...inventory.values()].map((object) => `${object.kind}:${object.nativeType}`));
    for (const expected of [
      'cluster:cluster',
      'host:node',
      'vm:qemu',
      'vm:lxc',
      'template:qemu',
      'storage:rbd',
      'storage:lvmthin',
      'network:bridge',
      'network:bond',
      'network:vlan',
      'network:sdn-zone',
      'network:sdn-vnet',
      'tenant:pool',
      'snapshot:snapshot',
    ]) {
      expect(kinds.has(expected), expected).toBe(true);
    }
    const hostile = [...inventory.values()].find((object) => object.facts.notes?.includes('<img src=x onerror=alert(1)>'));
    expect(hostile?.kind).toBe('vm');
  });

  it('logs in by token and by password with a TOTP second factor within the schema', async () => {
    const { username, password, totpSecret } = simulator.accounts.secondFactor;
    const problems = await checked(async () => {
      const byToken = labProvider(simulator, {}, { auth: 'token' });
      await byToken.connect(never);
      await byToken.close();
      const byTotp = labProvider(simulator, {}, { username }, { password, otp: totp(totpSecret, simulator.clock.now()) });
      await byTotp.connect(never);
      await byTotp.close();
    });
    expect(problems).toEqual([]);
  });

  it('watches within the schema', async () => {
    const stop = new AbortController();
    const stream = provider.watch(stop.signal)[Symbol.asyncIterator]();
    const problems = await checked(async () => {
      const vm = guest((candidate) => candidate.status === 'running' && candidate.type === 'lxc');
      vm.status = 'stopped';
      delete vm.startedAt;
      const group = await untilCommit(stream);
      expect(objectsOf(group).get(idOf(vm))?.state).toBe('stopped');
    });
    stop.abort();
    await stream.return?.();
    expect(problems).toEqual([]);
  });

  it('reads live metrics and every rrd timeframe within the schema', async () => {
    const targets = [
      idOf(guest((candidate) => candidate.type === 'qemu' && candidate.status === 'running')),
      idOf(guest((candidate) => candidate.type === 'lxc' && candidate.status === 'running')),
      'lab/host/pve2',
      'lab/storage/pve1/local-lvm',
      'lab/storage/nas-backup',
    ];
    const problems = await checked(async () => {
      const live = await provider.metrics({ targets }, never);
      expect(live.unavailable).toEqual([]);
      for (const range of ['hour', 'day', 'week', 'month', 'year'] as const) {
        for (const aggregate of ['average', 'max'] as const) {
          const history = await provider.metrics({ targets, history: { range, aggregate } }, never);
          expect(history.unavailable).toEqual([]);
        }
      }
    });
    expect(problems).toEqual([]);
  });

  it('runs every action, follows its task and reads its log within the schema', async () => {
    const run = async (action: ActionName, target: string, params?: Record<string, string | number | boolean>): Promise<TaskInfo> => {
      const task = await provider.act(params ? { action, target, params } : { action, target }, never);
      const final = (await collect(provider.followTask(task, never))).at(-1) as TaskInfo;
      expect((await provider.taskLog(final, never)).at(-1), `${action} ${target}`).toMatch(/^TASK (OK|ERROR)/);
      return final;
    };
    const problems = await checked(async () => {
      for (const type of ['qemu', 'lxc'] as const) {
        const subject = guest((candidate) => candidate.type === type && candidate.status === 'running' && !candidate.template);
        const target = idOf(subject);
        const powers: ActionName[] = [
          'power.suspend',
          'power.resume',
          'power.reboot',
          ...(type === 'qemu' ? (['power.reset'] as const) : []),
          'power.shutdown',
          'power.start',
        ];
        for (const action of powers) expect((await run(action, target)).state, `${type} ${action}`).toBe('succeeded');
        expect((await run('snapshot.create', target, { name: 'contract', description: 'schema check', includeMemory: true })).state).toBe(
          'succeeded',
        );
        expect((await run('snapshot.revert', `lab/snapshot/${subject.vmid}/contract`, { start: true })).state).toBe('succeeded');
        expect((await run('snapshot.remove', target, { name: 'contract' })).state).toBe('succeeded');
        const destination = simulator.lab.nodes.find((node) => node.name !== subject.node)?.name as string;
        expect((await run('migrate', target, { target: `lab/host/${destination}` })).state).toBe('succeeded');
        expect((await run('power.stop', target)).state).toBe('succeeded');
        const source = type === 'qemu' ? guest((candidate) => candidate.template) : subject;
        expect(
          (await run('clone', idOf(source), { name: `contract-${type}`, target: 'lab/host/pve1', pool: 'lab/tenant/staging' })).state,
        ).toBe('succeeded');
      }
    });
    expect(problems).toEqual([]);
  });

  it('opens every kind of console within the schema, websocket upgrades included', async () => {
    const open = (endpoint: ConsoleEndpoint): Promise<void> =>
      new Promise((resolve, reject) => {
        if (!('websocketUrl' in endpoint)) return resolve();
        const socket = new WebSocket(endpoint.websocketUrl, 'binary', { headers: endpoint.headers, ca: simulator.certificatePem });
        socket.once('open', () => {
          socket.close();
          resolve();
        });
        socket.once('error', reject);
      });
    const vm = guest((candidate) => candidate.type === 'qemu' && candidate.status === 'running' && !candidate.template);
    const ct = guest((candidate) => candidate.type === 'lxc' && candidate.status === 'running');
    const problems = await checked(async () => {
      for (const [target, kind] of [
        [idOf(vm), 'vnc'],
        [idOf(vm), 'terminal'],
        [idOf(ct), 'vnc'],
        [idOf(ct), 'terminal'],
        ['lab/host/pve3', 'terminal'],
        ['lab/host/pve3', 'ssh'],
      ] as const) {
        await open(await provider.console(target, kind, never));
      }
    });
    expect(problems).toEqual([]);
    expect(exchanges.filter((exchange) => exchange.path.endsWith('/vncwebsocket') && exchange.status === 101)).toHaveLength(5);
  });

  it('caused no refused call on the way, except guest agents that are not running', () => {
    const refused = exchanges.filter((exchange) => exchange.status >= 400);
    expect(refused.filter((exchange) => !exchange.path.endsWith('/agent/network-get-interfaces'))).toEqual([]);
  });

  it('covered the API surface the connector uses', () => {
    const used = new Set(exchanges.map((exchange) => `${exchange.method} ${schema.resolve(exchange.path)?.template}`));
    const expected = [
      'POST /access/ticket',
      'GET /version',
      'GET /access/permissions',
      'GET /cluster/resources',
      'GET /cluster/status',
      'GET /cluster/tasks',
      'GET /cluster/nextid',
      'GET /pools',
      'GET /cluster/sdn/zones',
      'GET /cluster/sdn/vnets',
      'GET /nodes/{node}/network',
      'GET /nodes/{node}/qemu',
      'GET /nodes/{node}/status',
      'GET /nodes/{node}/rrddata',
      'GET /nodes/{node}/storage/{storage}/status',
      'GET /nodes/{node}/storage/{storage}/rrddata',
      'GET /nodes/{node}/qemu/{vmid}/config',
      'GET /nodes/{node}/lxc/{vmid}/config',
      'GET /nodes/{node}/qemu/{vmid}/snapshot',
      'GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces',
      'GET /nodes/{node}/lxc/{vmid}/interfaces',
      'GET /nodes/{node}/qemu/{vmid}/status/current',
      'GET /nodes/{node}/lxc/{vmid}/status/current',
      'GET /nodes/{node}/qemu/{vmid}/rrddata',
      'GET /nodes/{node}/lxc/{vmid}/rrddata',
      'POST /nodes/{node}/qemu/{vmid}/status/reset',
      'POST /nodes/{node}/lxc/{vmid}/status/suspend',
      'POST /nodes/{node}/qemu/{vmid}/snapshot',
      'POST /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback',
      'DELETE /nodes/{node}/qemu/{vmid}/snapshot/{snapname}',
      'POST /nodes/{node}/qemu/{vmid}/migrate',
      'POST /nodes/{node}/lxc/{vmid}/migrate',
      'POST /nodes/{node}/qemu/{vmid}/clone',
      'POST /nodes/{node}/lxc/{vmid}/clone',
      'GET /nodes/{node}/tasks/{upid}/status',
      'GET /nodes/{node}/tasks/{upid}/log',
      'POST /nodes/{node}/qemu/{vmid}/vncproxy',
      'POST /nodes/{node}/lxc/{vmid}/vncproxy',
      'POST /nodes/{node}/qemu/{vmid}/termproxy',
      'POST /nodes/{node}/lxc/{vmid}/termproxy',
      'POST /nodes/{node}/termproxy',
      'GET /nodes/{node}/qemu/{vmid}/vncwebsocket',
      'GET /nodes/{node}/lxc/{vmid}/vncwebsocket',
      'GET /nodes/{node}/vncwebsocket',
    ];
    expect(expected.filter((entry) => !used.has(entry))).toEqual([]);
  });
});
