import { describe, expect, it } from 'vitest';
import { normalizeAuthUrl, parseEndpointOverrides, readSettings } from './settings';

describe('connection settings', () => {
  it('normalizes the Keystone URL to its v3 root', () => {
    expect(normalizeAuthUrl('https://keystone.example.com:5000')).toBe('https://keystone.example.com:5000/v3');
    expect(normalizeAuthUrl('https://cloud.example.com/identity/v3/')).toBe('https://cloud.example.com/identity/v3');
    expect(() => normalizeAuthUrl('https://k:5000/v2.0')).toThrow(
      /Keystone v2.0 URL; Skydeck speaks Keystone v3 \(use https:\/\/k:5000\/v3\)/,
    );
    expect(() => normalizeAuthUrl('keystone:5000')).toThrow(/must start with https:\/\/ or http:\/\//);
  });

  it('reads endpoint overrides by catalog service name', () => {
    expect(
      parseEndpointOverrides('compute=https://nova:8774/v2.1/, volumev3=https://cinder:8776/v3\nnetwork = http://neutron:9696'),
    ).toEqual({
      compute: 'https://nova:8774/v2.1',
      'block-storage': 'https://cinder:8776/v3',
      network: 'http://neutron:9696',
    });
    expect(() => parseEndpointOverrides('dns=https://designate')).toThrow(/service=https:\/\/url/);
  });

  it('builds each way of logging in from the form fields', () => {
    const password = readSettings(
      'c',
      'https://k:5000/v3',
      { auth: 'password', username: 'alice', project: 'web', projectDomainId: 'abc' },
      { password: 'pw' },
      {},
    );
    expect(password.auth).toEqual({
      method: 'password',
      username: 'alice',
      password: 'pw',
      userDomain: { name: 'Default' },
      project: { name: 'web', domain: { id: 'abc' } },
    });
    expect(password.interface).toBe('public');
    const credential = readSettings(
      'c',
      'https://k:5000',
      { auth: 'application-credential', applicationCredentialId: 'id1' },
      { applicationCredentialSecret: 's' },
      {},
    );
    expect(credential.auth).toEqual({ method: 'application-credential', id: 'id1', secret: 's' });
    const token = readSettings('c', 'https://k:5000', { auth: 'token', projectId: 'p1' }, { token: 't' }, {});
    expect(token.auth).toEqual({ method: 'token', token: 't', project: { id: 'p1' } });
  });

  it('names what is missing or wrong', () => {
    expect(() => readSettings('c', 'https://k', { auth: 'password', username: 'alice' }, {}, {})).toThrow(
      'The password of alice is missing.',
    );
    expect(() => readSettings('c', 'https://k', { auth: 'kerberos' }, {}, {})).toThrow(/Unknown OpenStack authentication "kerberos"/);
    expect(() => readSettings('c', 'https://k', { auth: 'password', username: 'a', interface: 'private' }, { password: 'p' }, {})).toThrow(
      /not one of public, internal, admin/,
    );
  });
});
