import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault, secretsFromEnv } from './vault';

const freshFile = (): string => join(mkdtempSync(join(tmpdir(), 'skydeck-vault-')), 'secrets.json');

describe('Vault with a master passphrase', () => {
  it('starts uninitialized, sets the passphrase on first unlock, and never writes a secret in plaintext', async () => {
    const file = freshFile();
    const vault = new Vault({ file, env: {} });
    expect(vault.status().state).toBe('uninitialized');
    await vault.unlock('correct horse battery');
    vault.save('c1', { password: 'Sup3r-Secret!' });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('Sup3r-Secret!');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(vault.read('c1', 'Lab')).toEqual({ password: 'Sup3r-Secret!' });
  });

  it('refuses a wrong passphrase and reads after the right one, across processes (a new Vault on the same file)', async () => {
    const file = freshFile();
    const first = new Vault({ file, env: {} });
    await first.unlock('correct horse battery');
    first.save('c1', { tokenSecret: 'abc' });

    const second = new Vault({ file, env: {} });
    expect(second.status().state).toBe('locked');
    expect(() => second.read('c1', 'Lab')).toThrow(/locked/);
    await expect(second.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'auth-failed' });
    await second.unlock('correct horse battery');
    expect(second.read('c1', 'Lab')).toEqual({ tokenSecret: 'abc' });
  });

  it('will not save a secret while locked', async () => {
    const vault = new Vault({ file: freshFile(), env: {} });
    expect(() => vault.save('c1', { password: 'x' })).toThrow(/master passphrase/);
  });

  it('lets environment variables override stored secrets, without unlocking', () => {
    const env = { SKYDECK_SECRET_PROD_PVE_TOKEN_SECRET: 'from-env', SKYDECK_SECRET_OTHER_PASSWORD: 'no' };
    expect(secretsFromEnv('Prod PVE', env)).toEqual({ tokenSecret: 'from-env' });
    const vault = new Vault({ file: freshFile(), env });
    expect(vault.read('c9', 'Prod PVE')).toEqual({ tokenSecret: 'from-env' });
  });

  it('uses the OS keyring when the app has one, and says so when a keyring entry is read without it', () => {
    const file = freshFile();
    const keyring = {
      seal: (t: string) => Buffer.from(t).reverse().toString('base64'),
      open: (s: string) => Buffer.from(s, 'base64').reverse().toString(),
    };
    const app = new Vault({ file, keyring, env: {} });
    expect(app.status()).toEqual({ backend: 'os-keyring', state: 'unlocked' });
    app.save('c1', { password: 'pw' });
    expect(app.read('c1', 'Lab')).toEqual({ password: 'pw' });
    const cli = new Vault({ file, env: {} });
    expect(() => cli.read('c1', 'Lab')).toThrow(/OS keyring/);
  });
});
