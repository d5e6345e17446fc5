import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenSimulator } from '../../backends/core/simulator/server';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../backends/proxmox/simulator/index';
import { startOpenstackSimulator } from '../../backends/openstack/simulator/index';

const entry = resolve(import.meta.dirname, 'index.ts');
const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `skydeck` entry point in a child process, as a script or cron job would. */
function skydeck(home: string, args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(tsx, [entry, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, SKYDECK_HOME: home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('skydeck CLI', () => {
  let home: string;
  let server: ProxmoxSimulator;
  const passphrase = { SKYDECK_PASSPHRASE: 'cron passphrase' };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'skydeck-cli-'));
    server = await startProxmoxSimulator({ authFailureDelayMs: 0 });
  });
  afterAll(() => server.close());

  it('lists its commands and exit codes', async () => {
    const run = await skydeck(home, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/connections/);
    expect(run.stdout).toMatch(/serve/);
    expect(run.stdout).toMatch(/Exit codes/);
  });

  it('adds a connection with the password from stdin, lists it as JSON, and never writes the password in plaintext', async () => {
    const add = await skydeck(
      home,
      ['connections', 'add', '--kind', 'proxmox', '--name', 'Lab PVE', '--url', server.url, '--username', 'root@pam', '--password-stdin'],
      {
        stdin: `${server.secrets.password as string}\n`,
        env: passphrase,
      },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const list = await skydeck(home, ['connections', 'list', '--json']);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.stdout) as { name: string; fields: Record<string, string> }[];
    expect(parsed).toEqual([expect.objectContaining({ name: 'Lab PVE', fields: { auth: 'password', username: 'root@pam' } })]);
    for (const file of ['config.json', 'secrets.json'])
      expect(readFileSync(join(home, file), 'utf8')).not.toContain(server.secrets.password);
  });

  it('refuses to store a secret without a passphrase when nobody is at the terminal (exit 5)', async () => {
    const run = await skydeck(
      home,
      [
        'connections',
        'add',
        '--kind',
        'vsphere',
        '--name',
        'VC',
        '--url',
        'https://vc.example.com',
        '--username',
        'admin',
        '--password-stdin',
      ],
      {
        stdin: 'pw',
      },
    );
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/SKYDECK_PASSPHRASE/);
  });

  it('rejects bad input with exit 2 and says what is wrong', async () => {
    const run = await skydeck(
      home,
      ['connections', 'add', '--kind', 'proxmox', '--name', 'Bad', '--url', 'pve1:8006', '--username', 'root@pam'],
      { env: passphrase },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/https:\/\//);
    expect(run.stderr).toMatch(/Password is required/);
  });

  it('exits 3 for a connection that does not exist', async () => {
    const run = await skydeck(home, ['connections', 'remove', 'nope']);
    expect(run.code).toBe(3);
  });

  it('shows the certificate of an untrusted server (exit 5), and logs in once the fingerprint is pinned', async () => {
    const untrusted = await skydeck(home, ['connections', 'test', 'Lab PVE'], { env: passphrase });
    expect(untrusted.code).toBe(5);
    expect(untrusted.stdout).toContain(server.fingerprint256);
    const trust = await skydeck(home, ['connections', 'trust', 'Lab PVE', server.fingerprint256 as string]);
    expect(trust.code).toBe(0);
    const trusted = await skydeck(home, ['connections', 'test', 'Lab PVE', '--json'], { env: passphrase });
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.stdout)).toMatchObject({ reachable: true, certificate: { matchesPin: true }, login: { ok: true } });
  });

  it('says the password is wrong, distinctly (exit 5)', async () => {
    const add = ['connections', 'add', '--kind', 'proxmox', '--name', 'Wrong PW', '--url', server.url, '--username', 'root@pam'];
    await skydeck(home, [...add, '--password-stdin', '--fingerprint', server.fingerprint256 as string], {
      stdin: 'not-the-password',
      env: passphrase,
    });
    const run = await skydeck(home, ['connections', 'test', 'Wrong PW'], { env: passphrase });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/Login failed/);
  });

  it('syncs a connection into the offline inventory, then searches and exports it', async () => {
    const sync = await skydeck(home, ['sync', 'Lab PVE'], { env: passphrase });
    expect(sync.stderr).toBe('');
    expect(sync.stdout).toMatch(/Lab PVE: ok, \d+ objects/);
    const search = await skydeck(home, ['search', 'kind:vm', '--json']);
    expect(JSON.parse(search.stdout).total).toBeGreaterThan(5);
    const csv = await skydeck(home, ['export', '--format', 'csv', '--kind', 'host']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^Name,Kind,State/);
    expect(csv.stdout).toMatch(/pve1/);
  });

  it('imports every cloud of a clouds.yaml + secure.yaml, then syncs one once its certificate is trusted', async () => {
    const cloud = await startOpenstackSimulator({ seed: 3 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'skydeck-clouds-'));
      const auth = (user: string) =>
        `      auth_url: ${cloud.url}\n      username: ${user}\n      project_name: ${user === cloud.admin.username ? cloud.admin.project : cloud.demo.project}\n      user_domain_name: Default\n      project_domain_name: Default\n`;
      writeFileSync(
        join(dir, 'clouds.yaml'),
        `clouds:\n  lab-admin:\n    auth:\n${auth(cloud.admin.username)}    region_name: RegionOne\n  lab-demo:\n    auth:\n${auth(cloud.demo.username)}`,
      );
      writeFileSync(
        join(dir, 'secure.yaml'),
        `clouds:\n  lab-admin:\n    auth:\n      password: ${cloud.admin.password}\n  lab-demo:\n    auth:\n      password: ${cloud.demo.password}\n`,
      );
      const imported = await skydeck(home, ['connections', 'import', join(dir, 'clouds.yaml'), '--json'], { env: passphrase });
      expect(imported.code).toBe(0);
      expect((JSON.parse(imported.stdout) as { name: string }[]).map((c) => c.name).sort()).toEqual(['lab-admin', 'lab-demo']);
      expect(readFileSync(join(home, 'config.json'), 'utf8')).not.toContain(cloud.admin.password);
      await skydeck(home, ['connections', 'trust', 'lab-demo', cloud.fingerprint256 as string]);
      const sync = await skydeck(home, ['sync', 'lab-demo'], { env: passphrase });
      expect(sync.stdout).toMatch(/lab-demo: ok, \d+ objects/);
    } finally {
      await cloud.close();
    }
  });

  it('exits 4 when the server is unreachable', async () => {
    const gone = await listenSimulator(() => undefined, { name: 'gone', tls: true });
    await gone.close();
    await skydeck(
      home,
      ['connections', 'add', '--kind', 'vsphere', '--name', 'Gone', '--url', gone.url, '--username', 'u', '--secret-env', 'password=VC_PW'],
      {
        env: { ...passphrase, VC_PW: 'x' },
      },
    );
    const run = await skydeck(home, ['connections', 'test', 'Gone']);
    expect(run.code).toBe(4);
    expect(run.stdout + run.stderr).toMatch(/refused/);
  });
});
