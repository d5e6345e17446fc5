import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSkydeckError } from '../../common/errors/skydeck-error';
import { HttpClient } from './http-client';
import { probeServer } from './probe';
import { listenSimulator, type SimulatorServer } from './simulator/server';

describe('HttpClient trust on first use', () => {
  let server: SimulatorServer;
  let requests = 0;

  beforeAll(async () => {
    server = await listenSimulator(
      (_req, res) => {
        requests += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
      { name: 'tofu-test', tls: true },
    );
  });
  afterAll(() => server.close());

  const failureOf = async (client: HttpClient): Promise<unknown> => {
    try {
      await client.request({ path: '/' });
    } catch (error) {
      return error;
    } finally {
      await client.close();
    }
    return undefined;
  };

  it('refuses a self-signed certificate nobody pinned, naming its fingerprint, before sending the request', async () => {
    const before = requests;
    const error = await failureOf(new HttpClient({ baseUrl: server.url, trust: {} }));
    expect(isSkydeckError(error) && error.code).toBe('tls-untrusted');
    expect((error as Error).message).toContain(server.fingerprint256);
    expect(requests).toBe(before);
  });

  it('talks to the server once its fingerprint is pinned', async () => {
    const client = new HttpClient({ baseUrl: server.url, trust: { pinnedFingerprint: server.fingerprint256 as string } });
    const response = await client.request({ path: '/' });
    expect(await response.json()).toEqual({ ok: true });
    await client.close();
  });

  it('refuses clearly when the certificate no longer matches the pin', async () => {
    const wrongPin = 'AA:'.repeat(31) + 'AA';
    const error = await failureOf(new HttpClient({ baseUrl: server.url, trust: { pinnedFingerprint: wrongPin } }));
    expect(isSkydeckError(error) && error.code).toBe('tls-changed');
  });

  it('reports an unreachable server as such', async () => {
    const closed = await listenSimulator(() => undefined, { name: 'gone', tls: false });
    await closed.close();
    const error = await failureOf(new HttpClient({ baseUrl: closed.url, trust: {} }));
    expect(isSkydeckError(error) && error.code).toBe('unreachable');
    expect((error as Error).message).toMatch(/refused/);
  });

  it('probes reachability and shows the certificate fingerprint', async () => {
    const result = await probeServer(server.url, {});
    expect(result.reachable).toBe(true);
    expect(result.certificate?.fingerprint256).toBe(server.fingerprint256);
    expect(result.certificate?.trustedByCa).toBe(false);
    const pinned = await probeServer(server.url, { pinnedFingerprint: server.fingerprint256 as string });
    expect(pinned.certificate?.matchesPin).toBe(true);
  });
});
