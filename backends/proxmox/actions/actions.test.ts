import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionName, TaskInfo } from '../../../common/model/operations';
import type { LabGuest } from '../simulator/lab';
import { startProxmoxSimulator, type ProxmoxSimulator, type RecordedExchange } from '../simulator/index';
import { collect, labProvider, never } from '../testing/lab-connection';
import type { ProxmoxProvider } from '../provider';

describe('Proxmox actions and tasks against the simulator', () => {
  let simulator: ProxmoxSimulator;
  let provider: ProxmoxProvider;
  const exchanges: RecordedExchange[] = [];

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({
      seed: 5,
      nodes: 3,
      guests: 16,
      authFailureDelayMs: 10,
      taskDurationMs: 20,
      recorder: (exchange) => exchanges.push(exchange),
    });
    provider = labProvider(simulator);
    await provider.connect(never);
  });
  afterAll(async () => {
    await provider.close();
    await simulator.close();
  });

  const guests = (): LabGuest[] => [...simulator.lab.guests.values()];
  const pick = (test: (guest: LabGuest) => boolean): LabGuest => {
    const guest = guests().find((candidate) => !candidate.lock && test(candidate));
    if (!guest) throw new Error('the lab has no such guest');
    return guest;
  };
  const idOf = (guest: LabGuest): string => `lab/${guest.template ? 'template' : 'vm'}/${guest.vmid}`;

  const run = async (action: ActionName, target: string, params?: Record<string, string | number | boolean>): Promise<TaskInfo> => {
    const task = await provider.act(params ? { action, target, params } : { action, target }, never);
    expect(task).toMatchObject({ action, target, state: 'running' });
    const updates = await collect(provider.followTask(task, never));
    return updates.at(-1) as TaskInfo;
  };

  it('drives a VM through its power states, each a followed task', async () => {
    const vm = pick((guest) => guest.type === 'qemu' && guest.status === 'running' && !guest.template);
    const steps: [ActionName, (guest: LabGuest) => unknown, unknown][] = [
      ['power.suspend', (guest) => guest.paused, true],
      ['power.resume', (guest) => guest.paused, false],
      ['power.reboot', (guest) => guest.status, 'running'],
      ['power.reset', (guest) => guest.status, 'running'],
      ['power.shutdown', (guest) => guest.status, 'stopped'],
      ['power.start', (guest) => guest.status, 'running'],
      ['power.stop', (guest) => guest.status, 'stopped'],
    ];
    for (const [action, read, expected] of steps) {
      const final = await run(action, idOf(vm));
      expect(final, action).toMatchObject({ state: 'succeeded', message: 'OK', progress: 100 });
      expect(read(vm), action).toBe(expected);
    }
  });

  it('ends a failed task with its exit status and code task-failed, the log ending in TASK ERROR', async () => {
    const vm = pick((guest) => guest.type === 'qemu' && guest.status === 'running' && !guest.template);
    const final = await run('power.start', idOf(vm));
    expect(final).toMatchObject({
      state: 'failed',
      message: `VM ${vm.vmid} already running`,
      error: { code: 'task-failed', retryable: false },
    });
    expect(final.error?.message).toContain(`already running`);
    expect((await provider.taskLog(final, never)).at(-1)).toBe(`TASK ERROR: VM ${vm.vmid} already running`);
  });

  it('creates, reverts to and removes a snapshot, RAM included for a running VM', async () => {
    const vm = pick((guest) => guest.type === 'qemu' && guest.status === 'running' && !guest.template);
    const created = await run('snapshot.create', idOf(vm), { name: 'before-change', description: 'by the test', includeMemory: true });
    expect(created.state).toBe('succeeded');
    expect(vm.snapshots.at(-1)).toMatchObject({ name: 'before-change', description: 'by the test', vmstate: true });
    expect(vm.config.parent).toBe('before-change');
    expect(await provider.taskLog(created, never)).toEqual([
      "saving VM state and RAM using storage 'local-lvm'",
      'completed saving the VM state',
      "snapshot 'before-change' created",
      'TASK OK',
    ]);

    await run('power.stop', idOf(vm));
    expect((await run('snapshot.revert', `lab/snapshot/${vm.vmid}/before-change`)).state).toBe('succeeded');
    expect(vm.status).toBe('running');

    expect((await run('snapshot.remove', idOf(vm), { name: 'before-change' })).state).toBe('succeeded');
    expect(vm.snapshots.some((snapshot) => snapshot.name === 'before-change')).toBe(false);
  });

  it('migrates a running VM online and a running container in restart mode', async () => {
    const vm = pick((guest) => guest.type === 'qemu' && guest.status === 'running' && !guest.template);
    const ct = pick((guest) => guest.type === 'lxc' && guest.status === 'running');
    for (const guest of [vm, ct]) {
      const target = simulator.lab.nodes.find((node) => node.name !== guest.node)?.name as string;
      const final = await run('migrate', idOf(guest), { target: `lab/host/${target}` });
      expect(final.state).toBe('succeeded');
      expect(guest.node).toBe(target);
    }
    const migrations = exchanges.filter((exchange) => exchange.path.endsWith('/migrate'));
    expect(migrations.map((exchange) => exchange.params)).toEqual([
      { target: vm.node, online: '1' },
      { target: ct.node, restart: '1' },
    ]);
  });

  it('clones a template into a new VM with the next free id', async () => {
    const template = pick((guest) => guest.template);
    const expectedId = simulator.lab.nextVmid();
    const final = await run('clone', idOf(template), { name: 'web-clone-01' });
    expect(final.state).toBe('succeeded');
    const clone = simulator.lab.guest(expectedId);
    expect(clone).toMatchObject({ type: 'qemu', node: template.node, template: false, status: 'stopped' });
    expect(clone?.config.name).toBe('web-clone-01');
    expect(String(clone?.config.scsi0)).toContain(`vm-${expectedId}-disk-0`);
  });

  it('refuses what Proxmox cannot do before asking the server to', async () => {
    const ct = pick((guest) => guest.type === 'lxc');
    const template = pick((guest) => guest.template);
    const vm = pick((guest) => !guest.template);
    await expect(provider.act({ action: 'power.reset', target: idOf(ct) }, never)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(provider.act({ action: 'power.start', target: idOf(template) }, never)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      provider.act({ action: 'snapshot.create', target: idOf(vm), params: { name: '1 bad name' } }, never),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      provider.act({ action: 'migrate', target: idOf(vm), params: { target: `lab/host/${vm.node}` } }, never),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(provider.act({ action: 'power.start', target: 'lab/host/pve1' }, never)).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
