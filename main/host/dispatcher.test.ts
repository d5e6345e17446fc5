import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHost } from './create-host';

const newHost = () =>
  createHost({
    home: mkdtempSync(join(tmpdir(), 'skydeck-host-')),
    mode: 'in-process',
    trustedOrigins: new Set(['http://127.0.0.1:4000']),
    providers: [],
    env: {},
  });

const page = { transport: 'websocket', origin: 'http://127.0.0.1:4000' } as const;

describe('Dispatcher', () => {
  it('refuses messages from a page that is not the app', async () => {
    const outcome = await newHost().dispatcher.invoke('connections.list', {}, { transport: 'websocket', origin: 'https://evil.example' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses methods outside the contract', async () => {
    const outcome = await newHost().dispatcher.invoke('fs.readFile', { path: '/etc/shadow' }, page);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('validates params before any handler runs, naming the field', async () => {
    const host = newHost();
    const outcome = await host.dispatcher.invoke(
      'connections.add',
      { kind: 'proxmox', name: 'x', url: 'https://h', fields: {}, secrets: {}, extra: 1 },
      page,
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const wrongKind = await host.dispatcher.invoke(
      'connections.add',
      { kind: 'hyperv', name: 'x', url: 'https://h', fields: {}, secrets: {} },
      page,
    );
    expect(wrongKind.ok).toBe(false);
    if (!wrongKind.ok) expect(wrongKind.error.message).toMatch(/kind/);
    expect(host.connections.list()).toEqual([]);
  });

  it('answers a valid call from the app', async () => {
    const outcome = await newHost().dispatcher.invoke('connections.list', {}, page);
    expect(outcome).toEqual({ ok: true, result: [] });
  });

  it('turns an unexpected exception into a plain internal error without leaking a stack', async () => {
    const host = newHost();
    host.connections.list = () => {
      throw new TypeError('boom');
    };
    const outcome = await host.dispatcher.invoke('connections.list', {}, page);
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error: boom', retryable: false } });
  });
});
