import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../common/model/connection';
import { createHost, type Host } from '../host/create-host';
import { providerModules } from '../host/provider-modules';
import { demoPlatforms } from './demo-platforms';

/**
 * The demo lab through the real host: the three simulators over HTTPS on 127.0.0.1, the
 * real providers, the real store. Then the simulators stop, as a VPN drops: the inventory
 * stays, searchable, and each connection says it is stale.
 */
describe('demo lab', () => {
  let host: Host;
  const statuses: ConnectionStatus[] = [];

  beforeAll(async () => {
    host = createHost({
      home: mkdtempSync(join(tmpdir(), 'skydeck-demo-')),
      mode: 'in-process',
      trustedOrigins: new Set(),
      providers: providerModules,
      demoPlatforms,
      env: {},
    });
    host.events.subscribe((event, payload) => {
      if (event === 'connections.status') statuses.push(payload as ConnectionStatus);
    });
  });
  afterAll(() => host.close());

  it('opens one pinned connection per platform, with no secret in the vault', async () => {
    const opened = await host.demoLab.open();
    expect(opened.map((c) => c.kind).sort()).toEqual(['openstack', 'proxmox', 'vsphere']);
    for (const config of opened) {
      expect(config.demo).toBe(true);
      expect(config.tls.pinnedFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    }
    expect(host.vault.status().state).toBe('uninitialized');
  });

  it('syncs every platform into the store through the real providers', async () => {
    for (const config of host.connections.list()) {
      const run = await host.sessions.syncNow(config.id);
      expect(run.outcome, `${config.name}: ${run.error?.message ?? ''}`).toBe('ok');
    }
    const vmsPerConnection = Object.fromEntries(
      host.store
        .counts()
        .filter((c) => c.kind === 'vm')
        .map((c) => [c.connectionId, c.count]),
    );
    expect(Object.keys(vmsPerConnection).sort()).toEqual(['demo-openstack', 'demo-proxmox-ve', 'demo-vcenter']);
    for (const count of Object.values(vmsPerConnection)) expect(count).toBeGreaterThan(10);
  });

  it('keeps the inventory searchable and marks connections stale when the clusters are gone', async () => {
    const before = host.store.search({ query: 'kind:vm' }, { offset: 0, limit: 1 }).total;
    await host.demoLab.close();
    const vcenter = host.connections.list().find((c) => c.kind === 'vsphere');
    const run = await host.sessions.syncNow(vcenter?.id ?? '');
    expect(run.outcome).toBe('failed');
    expect(host.store.search({ query: 'kind:vm' }, { offset: 0, limit: 1 }).total).toBe(before);
    expect(host.store.search({ query: 'onerror' }, { offset: 0, limit: 10 }).rows.map((r) => r.name)).toContain(
      'xss-test <img src=x onerror=alert(1)>',
    );
    const last = statuses.filter((s) => s.connectionId === vcenter?.id).at(-1);
    expect(last?.level).toBe('stale');
    expect(last?.message).toMatch(/Showing the inventory of/);
  });
});
