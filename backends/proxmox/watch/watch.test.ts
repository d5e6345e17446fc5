import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDelta } from '../../../common/model/inventory';
import type { LabGuest } from '../simulator/lab';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../simulator/index';
import { collect, labProvider, never, objectsOf, untilCommit } from '../testing/lab-connection';
import type { ProxmoxProvider } from '../provider';

describe('Proxmox watch against the simulator', () => {
  let simulator: ProxmoxSimulator;
  let provider: ProxmoxProvider;
  let stop: AbortController;
  let changes: AsyncIterator<InventoryDelta>;

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({ seed: 9, nodes: 3, guests: 12, authFailureDelayMs: 10, taskDurationMs: 20 });
    provider = labProvider(simulator, { pollIntervalMs: 40 });
    await collect(provider.inventory(never));
    stop = new AbortController();
    changes = provider.watch(stop.signal)[Symbol.asyncIterator]();
  });
  afterEach(() => {
    for (const node of simulator.lab.nodes) node.online = true;
  });
  afterAll(async () => {
    stop.abort();
    await changes.return?.();
    await provider.close();
    await simulator.close();
  });

  const guest = (test: (candidate: LabGuest) => boolean): LabGuest =>
    [...simulator.lab.guests.values()].find((candidate) => !candidate.template && test(candidate)) as LabGuest;

  it('emits only the guest whose power state changed, as a partial group', async () => {
    const vm = guest((candidate) => candidate.status === 'running' && candidate.type === 'qemu');
    vm.status = 'stopped';
    delete vm.startedAt;
    const group = await untilCommit(changes);
    expect(group[0]).toEqual({ op: 'begin', full: false });
    expect(group.at(-1)).toEqual({ op: 'commit', notes: [] });
    const objects = objectsOf(group);
    expect([...objects.keys()].filter((id) => id.startsWith('lab/vm/'))).toEqual([`lab/vm/${vm.vmid}`]);
    expect(objects.get(`lab/vm/${vm.vmid}`)?.state).toBe('stopped');
  });

  it('sees a snapshot taken by a task, although /cluster/resources does not change', async () => {
    const vm = guest((candidate) => candidate.type === 'qemu');
    const task = await provider.act({ action: 'snapshot.create', target: `lab/vm/${vm.vmid}`, params: { name: 'watched' } }, never);
    await collect(provider.followTask(task, never));
    let objects = objectsOf(await untilCommit(changes));
    while (!objects.has(`lab/snapshot/${vm.vmid}/watched`)) objects = objectsOf(await untilCommit(changes));
    expect(objects.get(`lab/snapshot/${vm.vmid}/watched`)).toMatchObject({
      kind: 'snapshot',
      parentId: `lab/vm/${vm.vmid}`,
      relations: [{ type: 'snapshot-of', to: `lab/vm/${vm.vmid}` }],
    });

    const removal = await provider.act({ action: 'snapshot.remove', target: `lab/snapshot/${vm.vmid}/watched` }, never);
    await collect(provider.followTask(removal, never));
    let group = await untilCommit(changes);
    while (!group.some((delta) => delta.op === 'remove')) group = await untilCommit(changes);
    expect(group.find((delta) => delta.op === 'remove')).toEqual({ op: 'remove', ids: [`lab/snapshot/${vm.vmid}/watched`] });
  });

  it('shows a paused VM as paused', async () => {
    const vm = guest((candidate) => candidate.type === 'qemu' && candidate.status === 'running' && candidate.snapshots.length === 0);
    const task = await provider.act({ action: 'power.suspend', target: `lab/vm/${vm.vmid}` }, never);
    await collect(provider.followTask(task, never));
    let objects = objectsOf(await untilCommit(changes));
    while (!objects.has(`lab/vm/${vm.vmid}`)) objects = objectsOf(await untilCommit(changes));
    expect(objects.get(`lab/vm/${vm.vmid}`)?.state).toBe('paused');
  });

  it('removes a deleted guest together with its snapshots', async () => {
    const doomed = guest((candidate) => candidate.snapshots.length > 0);
    simulator.lab.guests.delete(doomed.vmid);
    const group = await untilCommit(changes);
    const removal = group.find((delta) => delta.op === 'remove');
    expect(removal).toEqual({
      op: 'remove',
      ids: [`lab/vm/${doomed.vmid}`, ...doomed.snapshots.map((snapshot) => `lab/snapshot/${doomed.vmid}/${snapshot.name}`)],
    });
  });

  it('reports a node going offline and the cluster degraded', async () => {
    const node = simulator.lab.nodes[2];
    if (!node) throw new Error('no third node');
    node.online = false;
    const objects = objectsOf(await untilCommit(changes));
    expect(objects.get(`lab/host/${node.name}`)?.state).toBe('offline');
    expect(objects.get('lab/cluster/skydeck-lab')?.state).toBe('degraded');
  });

  it('starts with a full sync when nothing was synced before', async () => {
    const fresh = labProvider(simulator, { pollIntervalMs: 40 });
    const abort = new AbortController();
    const stream = fresh.watch(abort.signal)[Symbol.asyncIterator]();
    const first = await untilCommit(stream);
    expect(first[0]).toEqual({ op: 'begin', full: true });
    expect(objectsOf(first).size).toBeGreaterThan(20);
    abort.abort();
    await stream.return?.();
    await fresh.close();
  });
});
