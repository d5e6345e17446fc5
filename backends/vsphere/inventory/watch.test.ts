import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDelta, InventoryObject } from '../../../common/model/inventory';
import { TruthClient } from '../../../tests/peers/vsphere/truth-client';
import { startTestLab, type TestLab } from '../test-lab';

describe('vSphere watch', () => {
  let lab: TestLab;
  let truth: TruthClient;
  let objects: InventoryObject[];

  beforeAll(async () => {
    lab = await startTestLab({ size: { vms: 60 } });
    const { simulator } = lab;
    truth = await TruthClient.login(
      simulator.url,
      simulator.fields.username as string,
      simulator.secrets.password as string,
      simulator.fingerprint256 as string,
    );
    objects = [];
    for await (const delta of lab.provider.inventory(AbortSignal.timeout(10_000)))
      if (delta.op === 'upsert') objects.push(...delta.objects);
  });
  afterAll(async () => {
    await truth.close();
    await lab.close();
  });

  /** Watches until `done` says the deltas seen so far are enough (always at a commit). */
  async function watchUntil(
    change: () => Promise<void>,
    done: (seen: InventoryDelta[]) => boolean,
    options = {},
  ): Promise<InventoryDelta[]> {
    const controller = new AbortController();
    const seen: InventoryDelta[] = [];
    const watching = (async () => {
      try {
        for await (const delta of lab
          .newProvider({ watch: { maxWaitSeconds: 2, ...options } })
          .watch(AbortSignal.any([controller.signal, AbortSignal.timeout(20_000)]))) {
          seen.push(delta);
          if (delta.op === 'commit' && done(seen)) return;
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      await change();
      await watching;
    } finally {
      controller.abort();
    }
    return seen;
  }

  const upserted = (seen: InventoryDelta[]): InventoryObject[] => seen.flatMap((d) => (d.op === 'upsert' ? d.objects : []));
  const removed = (seen: InventoryDelta[]): string[] => seen.flatMap((d) => (d.op === 'remove' ? d.ids : []));

  it('pages through a truncated first update set, then reports changes', async () => {
    const vm = objects.find((o) => o.kind === 'vm') as InventoryObject;
    const waits = lab.simulator.control.callCount('WaitForUpdatesEx');
    const seen = await watchUntil(
      () => truth.runTask('VirtualMachine', vm.nativeId, 'Rename_Task', '<newName>renamed-in-watch-test</newName>'),
      (deltas) => upserted(deltas).some((o) => o.id === vm.id && o.name === 'renamed-in-watch-test'),
      { maxObjectUpdates: 10 },
    );
    expect(lab.simulator.control.callCount('WaitForUpdatesEx') - waits).toBeGreaterThan(10);
    expect(seen[0]).toEqual({ op: 'begin', full: false });
  });

  it('removes a destroyed VM together with its snapshots', async () => {
    const withSnapshots = objects.find(
      (o) => o.kind === 'vm' && objects.some((s) => s.kind === 'snapshot' && s.relations.some((r) => r.to === o.id)),
    ) as InventoryObject;
    const snapshots = objects.filter((s) => s.kind === 'snapshot' && s.relations.some((r) => r.to === withSnapshots.id)).map((s) => s.id);
    expect(snapshots.length).toBeGreaterThan(0);
    const seen = await watchUntil(
      async () => {
        if (withSnapshots.state === 'running') await truth.runTask('VirtualMachine', withSnapshots.nativeId, 'PowerOffVM_Task');
        await truth.runTask('VirtualMachine', withSnapshots.nativeId, 'Destroy_Task');
      },
      (deltas) => removed(deltas).includes(withSnapshots.id),
    );
    expect(removed(seen)).toEqual(expect.arrayContaining([withSnapshots.id, ...snapshots]));
  });

  it('replaces a VM by a template when it is marked as one, and reports a new clone', async () => {
    const vm = objects.find(
      (o) => o.kind === 'vm' && o.state === 'stopped' && !o.relations.some((r) => r.type === 'member-of' && r.to.includes('resgroup-v')),
    ) as InventoryObject;
    const [, folder] = String(vm.native.parent).split(':');
    const [, pool] = String(vm.native.resourcePool).split(':');
    const seen = await watchUntil(
      async () => {
        await truth.call('VirtualMachine', vm.nativeId, 'MarkAsTemplate');
        const location = `<location><pool type="ResourcePool">${pool}</pool></location>`;
        await truth.runTask(
          'VirtualMachine',
          vm.nativeId,
          'CloneVM_Task',
          `<folder type="Folder">${folder}</folder><name>fresh-clone</name><spec>${location}<template>false</template><powerOn>false</powerOn></spec>`,
        );
      },
      (deltas) => upserted(deltas).some((o) => o.name === 'fresh-clone') && removed(deltas).includes(vm.id),
    );
    expect(upserted(seen)).toContainEqual(expect.objectContaining({ id: `lab/template/${vm.nativeId}`, kind: 'template' }));
    expect(removed(seen)).toContain(vm.id);
    expect(upserted(seen).find((o) => o.name === 'fresh-clone')).toMatchObject({ kind: 'vm', state: 'stopped' });
  });
});
