import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSkydeckError } from '../../common/errors/skydeck-error';
import type { InventoryDelta } from '../../common/model/inventory';
import { createOpenstackProvider, type OpenstackProvider } from './index';
import { simulatorContext } from './simulator/connection-for';
import { startOpenstackSimulator, type OpenstackSimulator } from './simulator/index';

const never = new AbortController().signal;

async function drain(
  stream: AsyncIterable<InventoryDelta>,
  onDelta: (delta: InventoryDelta) => void = () => undefined,
): Promise<{ deltas: InventoryDelta[]; error?: unknown }> {
  const deltas: InventoryDelta[] = [];
  try {
    for await (const delta of stream) {
      deltas.push(delta);
      onDelta(delta);
    }
    return { deltas };
  } catch (error) {
    return { deltas, error };
  }
}

const upserted = (deltas: InventoryDelta[]): number =>
  deltas.reduce((total, delta) => total + (delta.op === 'upsert' ? delta.objects.length : 0), 0);

describe('full inventory under faults', () => {
  let simulator: OpenstackSimulator;
  let clean: number;
  const providers: OpenstackProvider[] = [];
  const connected = async (tuning = {}): Promise<OpenstackProvider> => {
    const provider = createOpenstackProvider(simulatorContext(simulator), { pageSize: 5, ...tuning });
    providers.push(provider);
    await provider.connect(never);
    return provider;
  };

  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ seed: 11, size: { servers: 40, volumes: 10 } });
    clean = upserted((await drain((await connected()).inventory(never))).deltas);
  });
  afterEach(async () => {
    simulator.faults.set({ latencyMs: 0, dropRate: 0, serverErrorRate: 0, garbageRate: 0 });
    await Promise.all(providers.splice(0).map((provider) => provider.close()));
  });
  afterAll(() => simulator.close());

  it('retries what failed on the way and commits the same inventory as a clean sync', async () => {
    const provider = await connected({ retries: 6 });
    simulator.faults.set({ serverErrorRate: 0.06, dropRate: 0.03, garbageRate: 0.03 });
    const { deltas, error } = await drain(provider.inventory(never));
    expect(error).toBeUndefined();
    expect(deltas.at(-1)?.op).toBe('commit');
    expect(upserted(deltas)).toBe(clean);
  });

  it('ends with a clear error and no commit when the cloud keeps failing', async () => {
    const provider = await connected({ retries: 2 });
    simulator.faults.set({ serverErrorRate: 1 });
    const { deltas, error } = await drain(provider.inventory(never));
    expect(isSkydeckError(error) && error.code).toBe('server-error');
    expect((error as Error).message).toMatch(/(Nova|Neutron|Glance|Cinder|Keystone|Placement) failed on GET .* \(HTTP 503\)/);
    expect(deltas.some((delta) => delta.op === 'commit')).toBe(false);
  });

  it('stops without a commit when the sync is cancelled', async () => {
    const provider = await connected();
    simulator.faults.set({ latencyMs: 20 });
    const controller = new AbortController();
    const { deltas, error } = await drain(provider.inventory(controller.signal), (delta) => {
      if (delta.op === 'upsert') controller.abort();
    });
    expect(isSkydeckError(error) && error.code).toBe('cancelled');
    expect(deltas.some((delta) => delta.op === 'commit')).toBe(false);
  });

  it('refuses an answer that is not JSON with a message that names the service', async () => {
    const provider = await connected({ retries: 1 });
    simulator.faults.set({ garbageRate: 1 });
    const { error } = await drain(provider.inventory(never));
    expect(isSkydeckError(error) && error.code).toBe('bad-response');
    expect((error as Error).message).toMatch(/answered GET .* with something that is not JSON/);
  });
});

describe('full inventory of a larger cloud', () => {
  let simulator: OpenstackSimulator;
  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ seed: 2, size: { projects: 4, servers: 1_200, volumes: 300, floatingIps: 50 } });
  });
  afterAll(() => simulator.close());

  it('never commits a sync that broke after objects were already sent', async () => {
    const provider = createOpenstackProvider(simulatorContext(simulator), { pageSize: 50, retries: 1 });
    try {
      await provider.connect(never);
      const { deltas, error } = await drain(provider.inventory(never), (delta) => {
        if (delta.op === 'upsert') simulator.faults.set({ serverErrorRate: 1 });
      });
      expect(upserted(deltas)).toBeGreaterThan(0);
      expect(isSkydeckError(error) && error.code).toBe('server-error');
      expect(deltas.some((delta) => delta.op === 'commit')).toBe(false);
    } finally {
      simulator.faults.set({ serverErrorRate: 0 });
      await provider.close();
    }
  });

  it('sends every object once, in batches of at most 500', async () => {
    const provider = createOpenstackProvider(simulatorContext(simulator), { pageSize: 250 });
    try {
      const { deltas, error } = await drain(provider.inventory(never));
      expect(error).toBeUndefined();
      const batches = deltas.filter((delta) => delta.op === 'upsert');
      expect(batches.every((delta) => delta.op === 'upsert' && delta.objects.length <= 500)).toBe(true);
      const ids = batches.flatMap((delta) => (delta.op === 'upsert' ? delta.objects.map((object) => object.id) : []));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id.includes('/vm/'))).toHaveLength(1_200);
      expect(ids.filter((id) => id.includes('/storage/'))).toHaveLength(300);
    } finally {
      await provider.close();
    }
  });
});
