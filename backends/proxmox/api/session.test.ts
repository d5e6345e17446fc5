import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { HttpClient } from '../../core/http-client';
import { startProxmoxSimulator, type ProxmoxSimulator, type RecordedExchange } from '../simulator/index';
import { totp } from '../simulator/totp';
import { collect, labProvider, never } from '../testing/lab-connection';

const failureOf = async (work: Promise<unknown>): Promise<SkydeckFailure> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof SkydeckFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('Proxmox authentication against the simulator', () => {
  let simulator: ProxmoxSimulator;
  const exchanges: RecordedExchange[] = [];
  const logins = (): RecordedExchange[] => exchanges.filter((exchange) => exchange.method === 'POST' && exchange.path === '/access/ticket');

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({
      seed: 7,
      nodes: 2,
      guests: 6,
      authFailureDelayMs: 20,
      taskDurationMs: 20,
      recorder: (exchange) => exchanges.push(exchange),
    });
  });
  afterAll(() => simulator.close());

  it('says plainly that user or password is wrong, naming the user and the server', async () => {
    const provider = labProvider(simulator, {}, {}, { password: 'not-it' });
    const failure = await failureOf(provider.connect(never));
    expect(failure.code).toBe('auth-failed');
    expect(failure.message).toBe(
      `Wrong user or password for root@pam on ${new URL(simulator.url).host} (or the user is disabled, or the realm is wrong).`,
    );
    expect(failure.message).not.toContain('not-it');
    await provider.close();
  });

  it('asks for the second factor when the user has TOTP and no code was given', async () => {
    const { username, password } = simulator.accounts.secondFactor;
    const provider = labProvider(simulator, {}, { username }, { password });
    const failure = await failureOf(provider.connect(never));
    expect(failure.code).toBe('auth-second-factor');
    expect(failure.message).toMatch(/admin@pve has two-factor authentication .*enter the current code/);
    await provider.close();
  });

  it('answers the TOTP challenge with the code from the connection secret', async () => {
    const { username, password, totpSecret } = simulator.accounts.secondFactor;
    const code = totp(totpSecret, simulator.clock.now());
    const provider = labProvider(simulator, {}, { username }, { password, otp: code });
    const before = logins().length;
    await expect(provider.connect(never)).resolves.toMatchObject({ product: 'Proxmox VE', version: '9.1.2' });
    const challengeAnswer = logins()
      .slice(before)
      .find((exchange) => exchange.params['tfa-challenge'] !== undefined);
    expect(challengeAnswer).toMatchObject({ status: 200, params: { username, password: `totp:${code}` } });
    expect(challengeAnswer?.params['tfa-challenge']).toMatch(/^PVE:!tfa!/);
    await provider.close();
  });

  it('refuses a wrong TOTP code as a second-factor problem', async () => {
    const { username, password } = simulator.accounts.secondFactor;
    const provider = labProvider(simulator, {}, { username }, { password, otp: '000000' });
    const failure = await failureOf(provider.connect(never));
    expect(failure.code).toBe('auth-second-factor');
    expect(failure.message).toMatch(/refused the second-factor code for admin@pve/);
    await provider.close();
  });

  it('renews the ticket before it expires, by sending it back as the password', async () => {
    let offsetMs = 0;
    const provider = labProvider(simulator, { ticketRenewAfterMs: 60 * 60_000, now: () => Date.now() + offsetMs });
    await provider.connect(never);
    const passwordLogins = (): number =>
      logins().filter((exchange) => exchange.params.username === 'root@pam' && !exchange.params.password?.startsWith('PVE:')).length;
    const renewals = (): number => logins().filter((exchange) => exchange.params.password?.startsWith('PVE:root@pam:')).length;
    const [loginsBefore, renewalsBefore] = [passwordLogins(), renewals()];
    for (const minutes of [70, 70]) {
      simulator.clock.advance(minutes * 60);
      offsetMs += minutes * 60_000;
      await provider.metrics({ targets: ['lab/host/pve1'], history: { range: 'hour', aggregate: 'average' } }, never);
    }
    // 140 minutes after the first login its ticket is dead; the renewed ones carried the session.
    expect(renewals() - renewalsBefore).toBe(2);
    expect(passwordLogins()).toBe(loginsBefore);
    await provider.close();
  });

  it('logs in again when the ticket expired without renewal (a laptop asleep for hours)', async () => {
    const provider = labProvider(simulator, { ticketRenewAfterMs: 24 * 3600_000 });
    await provider.connect(never);
    const before = exchanges.length;
    simulator.clock.advance(3 * 3600);
    const result = await provider.metrics({ targets: ['lab/host/pve1'], history: { range: 'hour', aggregate: 'average' } }, never);
    expect(result.series.length).toBeGreaterThan(0);
    // Refused with the dead ticket, a password login, then the same call again.
    expect(exchanges.slice(before).map((exchange) => `${exchange.status} ${exchange.method} ${exchange.path}`)).toEqual([
      '401 GET /nodes/pve1/rrddata',
      '200 POST /access/ticket',
      '200 GET /nodes/pve1/rrddata',
    ]);
    await provider.close();
  });

  it('works with an API token, sending no CSRF token on writes', async () => {
    const provider = labProvider(simulator, {}, { auth: 'token' }, { password: '' });
    await provider.connect(never);
    const deltas = await collect(provider.inventory(never));
    expect(deltas.at(-1)).toEqual({ op: 'commit', notes: [] });
    const running = [...simulator.lab.guests.values()].find((guest) => guest.status === 'running' && !guest.template);
    const task = await provider.act({ action: 'power.suspend', target: `lab/vm/${running?.vmid}` }, never);
    expect(task.id).toMatch(
      new RegExp(`^UPID:${running?.node}:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmsuspend:${running?.vmid}:root@pam!skydeck:$`),
    );
    await provider.close();
  });

  it('refuses an unknown token as wrong credentials', async () => {
    const provider = labProvider(simulator, {}, { auth: 'token', tokenId: 'root@pam!nosuch' });
    const failure = await failureOf(collect(provider.inventory(never)));
    expect(failure.code).toBe('auth-failed');
    expect(failure.message).toMatch(/refused API token root@pam!nosuch: the token ID or secret is wrong/);
    await provider.close();
  });

  it('says a token expired when one that worked is refused', async () => {
    const { tokenId } = simulator.accounts.auditor;
    const provider = labProvider(simulator, {}, { auth: 'token', tokenId }, { tokenSecret: simulator.accounts.auditor.tokenSecret });
    await provider.connect(never);
    const token = simulator.access.tokens.get(tokenId);
    if (!token) throw new Error('auditor token missing');
    token.expire = simulator.clock.now() - 1;
    try {
      const failure = await failureOf(provider.metrics({ targets: ['lab/vm/101'], history: { range: 'hour', aggregate: 'max' } }, never));
      expect(failure.code).toBe('token-expired');
      expect(failure.message).toMatch(/stopped accepting API token auditor@pve!readonly: it expired or was revoked/);
    } finally {
      delete token.expire;
    }
    await provider.close();
  });

  it('reports a missing privilege as forbidden, naming path and privilege', async () => {
    const { username, password } = simulator.accounts.auditor;
    const provider = labProvider(simulator, {}, { username }, { password });
    const info = await provider.connect(never);
    expect(info.notes).toContain('auditor@pve lacks VM.PowerMgmt on /: power actions will be refused.');
    const vm = [...simulator.lab.guests.values()].find((guest) => !guest.template) as { vmid: number };
    const failure = await failureOf(provider.act({ action: 'power.stop', target: `lab/vm/${vm.vmid}` }, never));
    expect(failure.code).toBe('forbidden');
    expect(failure.message).toContain(`Permission check failed (/vms/${vm.vmid}, VM.PowerMgmt)`);
    await provider.close();
  });

  it('has the simulator refuse a ticket write without the CSRF token, and accept it with one', async () => {
    const http = new HttpClient({ baseUrl: simulator.url, trust: { pinnedFingerprint: simulator.fingerprint256 as string } });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const login = await http.request({
      method: 'POST',
      path: '/api2/json/access/ticket',
      headers: form,
      body: new URLSearchParams({ username: 'root@pam', password: simulator.secrets.password as string }).toString(),
    });
    const { data } = await login.json<{ data: { ticket: string; CSRFPreventionToken: string } }>();
    const vm = [...simulator.lab.guests.values()].find((guest) => !guest.template && guest.type === 'qemu') as {
      vmid: number;
      node: string;
    };
    const path = `/api2/json/nodes/${vm.node}/qemu/${vm.vmid}/snapshot`;
    const body = 'snapname=csrf-check';
    const cookie = `PVEAuthCookie=${encodeURIComponent(data.ticket)}`;
    const without = await http.request({ method: 'POST', path, headers: { ...form, cookie }, body });
    expect(without.status).toBe(401);
    expect(without.statusText).toBe('Permission denied - invalid csrf token');
    await without.text();
    const withToken = await http.request({
      method: 'POST',
      path,
      headers: { ...form, cookie, csrfpreventiontoken: data.CSRFPreventionToken },
      body,
    });
    expect(withToken.status).toBe(200);
    expect((await withToken.json<{ data: string }>()).data).toMatch(/^UPID:.*:qmsnapshot:/);
    await http.close();
  });
});
