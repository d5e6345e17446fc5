import { describe, expect, it } from 'vitest';
import { apiOrigin } from '../provider';
import { readCredentials } from './credentials';

describe('connection settings', () => {
  it('reads a password login, with the optional TOTP code', () => {
    expect(readCredentials({ auth: 'password', username: 'root@pam' }, { password: 'pw', otp: ' 123456 ' })).toEqual({
      kind: 'password',
      username: 'root@pam',
      password: 'pw',
      otp: '123456',
    });
    expect(readCredentials({ username: 'admin@pve' }, { password: 'pw' })).toEqual({
      kind: 'password',
      username: 'admin@pve',
      password: 'pw',
    });
  });

  it('reads an API token login', () => {
    expect(readCredentials({ auth: 'token', tokenId: 'monitor@pve!skydeck' }, { tokenSecret: 's3cret' })).toEqual({
      kind: 'token',
      tokenId: 'monitor@pve!skydeck',
      secret: 's3cret',
    });
  });

  it('explains what is wrong with a setting instead of failing later', () => {
    expect(() => readCredentials({ username: 'root' }, { password: 'pw' })).toThrow(
      'The Proxmox user must include its realm, e.g. root@pam or admin@pve, not "root".',
    );
    expect(() => readCredentials({ auth: 'token', tokenId: 'monitor@pve' }, { tokenSecret: 's' })).toThrow(
      /must look like user@realm!tokenname/,
    );
    expect(() => readCredentials({ auth: 'token', tokenId: 'monitor@pve!ro' }, {})).toThrow(
      'The secret of API token monitor@pve!ro is missing.',
    );
    expect(() => readCredentials({ username: 'root@pam' }, {})).toThrow('The password of root@pam is missing.');
  });

  it('takes the address in the forms people type it, port 8006 by default', () => {
    expect(apiOrigin('pve.example.com')).toBe('https://pve.example.com:8006');
    expect(apiOrigin('pve.example.com:8443')).toBe('https://pve.example.com:8443');
    expect(apiOrigin('https://pve.example.com:8006/#v1:0:18:4')).toBe('https://pve.example.com:8006');
    expect(apiOrigin('https://10.0.0.5')).toBe('https://10.0.0.5');
    expect(() => apiOrigin('https://')).toThrow(/is not a Proxmox VE address/);
  });
});
