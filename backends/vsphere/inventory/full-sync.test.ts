import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDelta } from '../../../common/model/inventory';
import { startTestLab, type TestLab } from '../test-lab';

describe('vSphere full sync', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ size: { vms: 1300, snapshotEvery: 10 }, knobs: { pageSize: 100 } });
  });
  afterAll(() => lab.close());

  it('streams a big inventory page by page in upserts of at most 500, each object once', async () => {
    const deltas: InventoryDelta[] = [];
    const continues = lab.simulator.control.callCount('ContinueRetrievePropertiesEx');
    for await (const delta of lab.provider.inventory(AbortSignal.timeout(30_000))) deltas.push(delta);
    const upserts = deltas.filter((d) => d.op === 'upsert');
    expect(deltas[0]).toEqual({ op: 'begin', full: true });
    expect(deltas.at(-1)).toEqual({ op: 'commit' });
    expect(upserts.length).toBeGreaterThan(3);
    expect(upserts.every((d) => d.op === 'upsert' && d.objects.length <= 500)).toBe(true);
    const objects = upserts.flatMap((d) => (d.op === 'upsert' ? d.objects : []));
    expect(new Set(objects.map((o) => o.id)).size).toBe(objects.length);
    expect(objects.filter((o) => o.kind === 'vm')).toHaveLength(1300);
    expect(objects.filter((o) => o.kind === 'snapshot').length).toBeGreaterThan(130);
    expect(lab.simulator.control.callCount('ContinueRetrievePropertiesEx') - continues).toBeGreaterThan(12);
  });

  it('reads each page once it is asked for, through one view per session', async () => {
    const views = lab.simulator.control.callCount('CreateContainerView');
    for await (const delta of lab.provider.inventory(AbortSignal.timeout(30_000))) void delta;
    expect(lab.simulator.control.callCount('CreateContainerView')).toBe(views);
  });

  it('stops when aborted, without a commit', async () => {
    const controller = new AbortController();
    const deltas: InventoryDelta[] = [];
    await expect(
      (async () => {
        for await (const delta of lab.provider.inventory(controller.signal)) {
          deltas.push(delta);
          if (delta.op === 'upsert') controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(deltas.some((d) => d.op === 'commit')).toBe(false);
  });
});
