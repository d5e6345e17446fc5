import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { InventoryDelta } from '../../common/model/inventory';
import { noFaults, type FaultKnobs } from '../core/simulator/faults';
import { startProxmoxSimulator, type ProxmoxSimulator } from './simulator/index';
import { collect, labProvider, never, objectsOf } from './testing/lab-connection';

describe('Proxmox sync under simulated faults', () => {
  let simulator: ProxmoxSimulator;
  let baseline: string[];

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({ seed: 11, nodes: 3, guests: 24, authFailureDelayMs: 10 });
    const provider = labProvider(simulator);
    baseline = [...objectsOf(await collect(provider.inventory(never))).keys()].sort();
    await provider.close();
  });
  afterEach(() => simulator.faults.set(noFaults()));
  afterAll(() => simulator.close());

  const syncWith = async (knobs: Partial<FaultKnobs>, options = {}): Promise<{ deltas: InventoryDelta[]; failure?: SkydeckFailure }> => {
    const provider = labProvider(simulator, { retries: 8, ...options });
    await provider.connect(never);
    simulator.faults.set(knobs);
    const deltas: InventoryDelta[] = [];
    try {
      for await (const delta of provider.inventory(never)) deltas.push(delta);
      return { deltas };
    } catch (error) {
      if (!(error instanceof SkydeckFailure)) throw error;
      return { deltas, failure: error };
    } finally {
      simulator.faults.set(noFaults());
      await provider.close();
    }
  };

  it.each([
    ['latency', { latencyMs: 15 }],
    ['dropped connections', { dropRate: 0.15 }],
    ['5xx answers', { serverErrorRate: 0.15 }],
    ['garbage bodies', { garbageRate: 0.15 }],
  ])('completes the same inventory through %s, retrying the idempotent reads', async (_name, knobs) => {
    const { deltas, failure } = await syncWith(knobs);
    expect(failure).toBeUndefined();
    expect(deltas.at(-1)).toEqual({ op: 'commit', notes: [] });
    expect([...objectsOf(deltas).keys()].sort()).toEqual(baseline);
  });

  it.each([
    ['dropped connections', { dropRate: 1 }, 'unreachable', /dropped the connection|closed the connection|socket/],
    ['5xx answers', { serverErrorRate: 1 }, 'server-error', /answered 503 to GET \/cluster\/resources: simulated server error/],
    ['garbage bodies', { garbageRate: 1 }, 'bad-response', /answered GET \/api2\/json\/cluster\/resources with something that is not JSON/],
  ])('fails clearly when %s persist', async (_name, knobs, code, message) => {
    const { deltas, failure } = await syncWith(knobs, { retries: 2 });
    expect(failure?.code).toBe(code);
    expect(failure?.message).toMatch(message);
    expect(deltas).toEqual([]);
  });

  it('says the server is too slow when answers outlast the timeout', async () => {
    const { failure } = await syncWith({ latencyMs: 2_000 }, { retries: 0, timeoutMs: 200 });
    expect(failure?.code).toBe('timeout');
  });

  it('never commits a sync that broke half way', async () => {
    const provider = labProvider(simulator, { retries: 1, batchSize: 10 });
    const deltas: InventoryDelta[] = [];
    let failure: unknown;
    try {
      for await (const delta of provider.inventory(never)) {
        deltas.push(delta);
        if (delta.op === 'upsert') simulator.faults.set({ dropRate: 1 });
      }
    } catch (error) {
      failure = error;
    } finally {
      simulator.faults.set(noFaults());
      await provider.close();
    }
    expect(failure).toMatchObject({ code: 'unreachable' });
    expect(deltas[0]).toEqual({ op: 'begin', full: true });
    expect(deltas.some((delta) => delta.op === 'upsert')).toBe(true);
    expect(deltas.some((delta) => delta.op === 'commit')).toBe(false);
  });
});
