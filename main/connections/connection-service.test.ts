import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../common/contract/connections';
import { listenSimulator, type SimulatorServer } from '../../backends/core/simulator/server';
import { createHost, type Host } from '../host/create-host';
import { createInProcessClient } from '../host/in-process-client';

const draft = (overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  kind: 'proxmox',
  name: 'Lab PVE',
  url: 'https://127.0.0.1:8006',
  fields: { auth: 'password', username: 'root@pam' },
  secrets: { password: 'Sup3r-Secret!' },
  tls: {},
  ...overrides,
});

function newHost(home = mkdtempSync(join(tmpdir(), 'skydeck-conn-'))): Host {
  return createHost({ home, mode: 'in-process', trustedOrigins: new Set(), providers: [], env: {} });
}

describe('ConnectionService', () => {
  let server: SimulatorServer;
  beforeAll(async () => {
    server = await listenSimulator((_q, r) => void r.end('ok'), { name: 'pve-test', tls: true });
  });
  afterAll(() => server.close());

  it('refuses to save secrets while the vault is locked, and saves nothing', async () => {
    const host = newHost();
    const api = createInProcessClient(host.dispatcher, host.events);
    await expect(api.invoke('connections.add', draft())).rejects.toMatchObject({ code: 'vault-locked' });
    expect(await api.invoke('connections.list', {})).toEqual([]);
  });

  it('stores the connection without its secret, and the secret encrypted, readable by a second host on the same home', async () => {
    const home = mkdtempSync(join(tmpdir(), 'skydeck-conn-'));
    const host = newHost(home);
    await host.vault.unlock('master passphrase');
    const saved = host.connections.add(draft());
    expect(saved).toMatchObject({ id: 'lab-pve', kind: 'proxmox', fields: { auth: 'password', username: 'root@pam' } });
    expect(JSON.stringify(saved)).not.toContain('Sup3r-Secret!');
    expect(readFileSync(join(home, 'config.json'), 'utf8')).not.toContain('Sup3r-Secret!');
    expect(readFileSync(join(home, 'secrets.json'), 'utf8')).not.toContain('Sup3r-Secret!');

    const other = newHost(home);
    expect(other.connections.list().map((c) => c.name)).toEqual(['Lab PVE']);
    await other.vault.unlock('master passphrase');
    expect(other.connections.secrets(saved)).toEqual({ password: 'Sup3r-Secret!' });
  });

  it('reports every form problem at once with the field it belongs to', async () => {
    const host = newHost();
    const api = createInProcessClient(host.dispatcher, host.events);
    const error = await api
      .invoke('connections.add', draft({ url: 'pve1:8006', fields: { auth: 'password' }, secrets: {} }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-input' });
    const fields = (error as { details: { fields: { field: string }[] } }).details.fields.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['url', 'username', 'password']));
  });

  it('refuses a second connection with the same name', async () => {
    const host = newHost();
    await host.vault.unlock('master passphrase');
    host.connections.add(draft());
    expect(() => host.connections.add(draft())).toThrow(/already exists/);
  });

  it('tests reachability, shows the certificate, and pins it when the user trusts it', async () => {
    const host = newHost();
    await host.vault.unlock('master passphrase');
    const saved = host.connections.add(draft({ url: server.url }));
    const first = await host.connections.test({ id: saved.id });
    expect(first.reachable).toBe(true);
    expect(first.certificate?.fingerprint256).toBe(server.fingerprint256);
    expect(first.certificate?.matchesPin).toBe(false);
    expect(host.connections.statuses()[0]?.level).toBe('error');

    host.connections.trust(saved.id, first.certificate?.fingerprint256 ?? '');
    const second = await host.connections.test({ id: saved.id });
    expect(second.certificate?.matchesPin).toBe(true);
    expect(host.connections.statuses()[0]?.level).toBe('idle');
  });

  it('says plainly when a server is unreachable', async () => {
    const host = newHost();
    const closed = await listenSimulator(() => undefined, { name: 'gone', tls: true });
    await closed.close();
    const result = await host.connections.test({ draft: draft({ url: closed.url }) });
    expect(result.reachable).toBe(false);
    expect(result.message).toMatch(/refused/);
  });

  it('removes a connection together with its secrets', async () => {
    const home = mkdtempSync(join(tmpdir(), 'skydeck-conn-'));
    const host = newHost(home);
    await host.vault.unlock('master passphrase');
    const saved = host.connections.add(draft());
    host.connections.remove(saved.id);
    expect(host.connections.list()).toEqual([]);
    expect(JSON.parse(readFileSync(join(home, 'secrets.json'), 'utf8')).entries).toEqual({});
  });
});
