import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenSimulator, type SimulatorServer } from '../../backends/core/simulator/server';

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
  let server: SimulatorServer;
  const passphrase = { SKYDECK_PASSPHRASE: 'cron passphrase' };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'skydeck-cli-'));
    server = await listenSimulator((_q, r) => void r.end('ok'), { name: 'cli-pve', tls: true });
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
        stdin: 'Sup3r-Secret!\n',
        env: passphrase,
      },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const list = await skydeck(home, ['connections', 'list', '--json']);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.stdout) as { name: string; fields: Record<string, string> }[];
    expect(parsed).toEqual([expect.objectContaining({ name: 'Lab PVE', fields: { auth: 'password', username: 'root@pam' } })]);
    for (const file of ['config.json', 'secrets.json']) expect(readFileSync(join(home, file), 'utf8')).not.toContain('Sup3r-Secret!');
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

  it('shows the certificate of an untrusted server (exit 5), and passes once the fingerprint is pinned', async () => {
    const untrusted = await skydeck(home, ['connections', 'test', 'Lab PVE']);
    expect(untrusted.code).toBe(5);
    expect(untrusted.stdout).toContain(server.fingerprint256);
    const trust = await skydeck(home, ['connections', 'trust', 'Lab PVE', server.fingerprint256 as string]);
    expect(trust.code).toBe(0);
    const trusted = await skydeck(home, ['connections', 'test', 'Lab PVE', '--json']);
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.stdout)).toMatchObject({ reachable: true, certificate: { matchesPin: true } });
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
