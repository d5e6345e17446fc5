import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost } from '../host/create-host';
import { startServe, type RunningServe } from './serve-server';

describe('skydeck serve', () => {
  let serve: RunningServe;

  beforeAll(async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'skydeck-renderer-'));
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Skydeck</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    const trustedOrigins = new Set<string>();
    const host = createHost({ home: mkdtempSync(join(tmpdir(), 'skydeck-serve-')), mode: 'serve', trustedOrigins, providers: [], env: {} });
    serve = await startServe({ host, rendererDir });
    trustedOrigins.add(serve.origin);
  });
  afterAll(() => serve.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${serve.origin}${path}`, { headers, redirect: 'manual' });

  it('listens on 127.0.0.1 and prints a URL with a long random token', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses pages and files without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/?token=0000')).status).toBe(403);
    expect((await get('/', { cookie: 'skydeck_token=guess' })).status).toBe(403);
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie, then serves with a strict CSP', async () => {
    const first = await get(`/?token=${serve.token}`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await get('/', { cookie: cookie.split(';')[0] as string });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a request whose Host header names another server (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(`${serve.origin}/?token=${serve.token}`, { headers: { host: 'attacker.example:80' } }, (res) =>
        resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
  });

  const openSocket = (headers: Record<string, string>, query = ''): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api${query}`, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });

  it('refuses a WebSocket without the token, or from another origin', async () => {
    await expect(openSocket({ origin: serve.origin })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: 'https://evil.example', cookie: `skydeck_token=${serve.token}` })).rejects.toThrow(/403/);
  });

  it('answers contract calls over the WebSocket and validates them', async () => {
    const ws = await openSocket({ origin: serve.origin, cookie: `skydeck_token=${serve.token}` });
    const call = (message: object): Promise<Record<string, unknown>> =>
      new Promise((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
        ws.send(JSON.stringify(message));
      });
    expect(await call({ type: 'invoke', id: 1, method: 'connections.list', params: {} })).toEqual({
      type: 'result',
      id: 1,
      ok: true,
      result: [],
    });
    expect(await call({ type: 'invoke', id: 2, method: 'connections.remove', params: { id: 42 } })).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'invalid-input' },
    });
    ws.close();
  });
});
