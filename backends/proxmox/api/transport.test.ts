import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { HttpClient } from '../../core/http-client';
import { noFaults } from '../../core/simulator/faults';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../simulator/index';
import { never } from '../testing/lab-connection';
import { ProxmoxTransport } from './transport';

describe('ProxmoxTransport retries', () => {
  let simulator: ProxmoxSimulator;
  let http: HttpClient;
  let transport: ProxmoxTransport;

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({ nodes: 1, guests: 2, authFailureDelayMs: 10 });
    http = new HttpClient({ baseUrl: simulator.url, trust: { pinnedFingerprint: simulator.fingerprint256 as string } });
    transport = new ProxmoxTransport({ http, retries: 3, retryDelayMs: 5 });
  });
  afterEach(() => simulator.faults.set(noFaults()));
  afterAll(async () => {
    await http.close();
    await simulator.close();
  });

  const attempts = async (work: () => Promise<unknown>): Promise<{ count: number; failure: unknown }> => {
    const before = simulator.stats.requests;
    let failure: unknown;
    try {
      await work();
    } catch (error) {
      failure = error;
    }
    return { count: simulator.stats.requests - before, failure };
  };

  it('sends a GET again after gateway errors, and says what failed when they persist', async () => {
    simulator.faults.set({ serverErrorRate: 1 });
    const { count, failure } = await attempts(() => transport.send({ method: 'GET', path: '/version', signal: never }));
    expect(count).toBe(4);
    expect(failure).toBeInstanceOf(SkydeckFailure);
    expect(failure).toMatchObject({ code: 'server-error', retryable: true });
    expect((failure as Error).message).toBe(`${new URL(simulator.url).host} answered 503 to GET /version: simulated server error`);
  });

  it('never sends a write twice', async () => {
    simulator.faults.set({ serverErrorRate: 1 });
    const { count, failure } = await attempts(() =>
      transport.send({ method: 'POST', path: '/nodes/pve1/qemu/100/status/start', signal: never }),
    );
    expect(count).toBe(1);
    expect(failure).toMatchObject({ code: 'server-error' });
  });

  it('treats a body that is not the API envelope as a bad answer worth another try', async () => {
    simulator.faults.set({ garbageRate: 1 });
    const { count, failure } = await attempts(() => transport.send({ method: 'GET', path: '/version', signal: never }));
    expect(count).toBe(4);
    expect(failure).toMatchObject({ code: 'bad-response' });
    expect((failure as Error).message).toMatch(/answered GET \/api2\/json\/version with something that is not JSON: "<html>proxy error/);
  });

  it('comes through a dropped connection on the next attempt', async () => {
    simulator.faults.set({ dropRate: 1 });
    const pending = transport.send({ method: 'GET', path: '/access/domains', signal: never });
    setTimeout(() => simulator.faults.set({ dropRate: 0 }), 10);
    await expect(pending).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ realm: 'pam' })]));
  });
});
