import { afterAll, describe, expect, it } from 'vitest';
import type { ProviderModule } from '../../backends/core/provider';
import type { RunningSimulator } from '../../backends/core/simulator/running-simulator';
import { openstackProvider } from '../../backends/openstack';
import { startOpenstackSimulator } from '../../backends/openstack/simulator';
import { proxmoxProvider } from '../../backends/proxmox';
import { startProxmoxSimulator } from '../../backends/proxmox/simulator';
import { vsphereProvider } from '../../backends/vsphere';
import { startVsphereSimulator } from '../../backends/vsphere/simulator';
import type { InventoryDelta, ObjectKind } from '../../common/model/inventory';
import { SyncEngine } from './sync-engine';
import { syncTarget } from './testing/inventory-factory';
import { openTempStore } from './testing/temp-store';

/** Each platform's simulator, started small, and the provider module that talks to it. */
const platforms: { name: string; module: ProviderModule; start(): Promise<RunningSimulator> }[] = [
  { name: 'vSphere', module: vsphereProvider, start: () => startVsphereSimulator({ seed: 11 }) },
  { name: 'OpenStack', module: openstackProvider, start: () => startOpenstackSimulator({ seed: 12 }) },
  {
    name: 'Proxmox VE',
    module: proxmoxProvider,
    start: () => startProxmoxSimulator({ seed: 13, nodes: 3, guests: 24, authFailureDelayMs: 0 }),
  },
];

/** What a delta stream leaves behind, counted by kind (later upserts win, removes remove). */
async function countStream(deltas: AsyncIterable<InventoryDelta>): Promise<Record<string, number>> {
  const kinds = new Map<string, ObjectKind>();
  for await (const delta of deltas) {
    if (delta.op === 'upsert') for (const object of delta.objects) kinds.set(object.id, object.kind);
    if (delta.op === 'remove') for (const id of delta.ids) kinds.delete(id);
  }
  const counts: Record<string, number> = {};
  for (const kind of kinds.values()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe.each(platforms)('sync from the $name simulator through its provider', ({ name, module, start }) => {
  const handle = openTempStore();
  let simulator: RunningSimulator | undefined;
  afterAll(async () => {
    await simulator?.close();
    await handle.dispose();
  });

  it('stores what the provider sends, kind by kind, and a re-sync adds and removes nothing', async () => {
    simulator = await start();
    const provider = module.create({
      config: {
        id: 'sim',
        name: `${name} simulator`,
        kind: module.kind,
        url: simulator.url,
        fields: simulator.fields,
        tls: simulator.fingerprint256 ? { pinnedFingerprint: simulator.fingerprint256 } : {},
        createdAt: new Date().toISOString(),
      },
      secrets: simulator.secrets,
    });
    const signal = AbortSignal.timeout(50_000);
    try {
      await provider.connect(signal);
      const engine = new SyncEngine(handle.store);
      const target = syncTarget('sim', module.kind, `${name} simulator`);
      const run = await engine.sync(target, provider.inventory(signal), signal);
      expect(run.error).toBeUndefined();
      expect(run.outcome).toBe('ok');

      const expected = await countStream(provider.inventory(signal));
      const stored = Object.fromEntries(handle.store.counts('sim').map((row) => [row.kind, row.count]));
      expect(stored).toEqual(expected);
      expect(stored.vm ?? 0).toBeGreaterThan(0);
      expect(stored.host ?? 0).toBeGreaterThan(0);
      expect(handle.store.search({ query: 'kind:vm connection:sim' }, { limit: 1, offset: 0 }).total).toBe(stored.vm);

      const again = await engine.sync(target, provider.inventory(signal), signal);
      expect(again.outcome).toBe('ok');
      expect(again.counts).toMatchObject({ added: 0, removed: 0, total: run.counts.total });
    } finally {
      await provider.close();
    }
  }, 60_000);
});
