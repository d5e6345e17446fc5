import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCloudsYaml } from './clouds-yaml';

describe('readCloudsYaml', () => {
  let root: string;
  let cwd: string;
  let home: string;
  let systemDir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'skydeck-clouds-'));
    cwd = join(root, 'work');
    home = join(root, 'home');
    systemDir = join(root, 'etc-openstack');
    await Promise.all([mkdir(cwd), mkdir(join(home, '.config', 'openstack'), { recursive: true }), mkdir(systemDir)]);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const read = (env: Record<string, string> = {}, file?: string) =>
    readCloudsYaml({ cwd, home, systemDir, env, ...(file ? { file } : {}) });

  it('finds clouds.yaml in ~/.config/openstack and takes passwords from secure.yaml', async () => {
    await writeFile(
      join(home, '.config', 'openstack', 'clouds.yaml'),
      `clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com:5000
      username: alice
      project_name: web
      user_domain_name: Corp
      project_domain_id: 3c1b
    region_name: RegionTwo
    interface: internal
    cacert: certs/corp-ca.pem
`,
    );
    await writeFile(join(home, '.config', 'openstack', 'secure.yaml'), 'clouds:\n  prod:\n    auth:\n      password: s3cret\n');
    const result = await read();
    expect(result.files).toEqual([join(home, '.config', 'openstack', 'clouds.yaml'), join(home, '.config', 'openstack', 'secure.yaml')]);
    expect(result.drafts).toEqual([
      {
        name: 'prod',
        url: 'https://keystone.example.com:5000',
        fields: {
          auth: 'password',
          username: 'alice',
          userDomain: 'Corp',
          project: 'web',
          projectDomainId: '3c1b',
          interface: 'internal',
          region: 'RegionTwo',
        },
        secrets: { password: 's3cret' },
        tls: { caFile: join(cwd, 'certs', 'corp-ca.pem') },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('prefers the working directory, then ~/.config/openstack, then /etc/openstack', async () => {
    const cloud = (name: string): string =>
      `clouds:\n  ${name}:\n    auth:\n      auth_url: http://k:5000/v3\n      username: u\n      password: p\n`;
    await writeFile(join(systemDir, 'clouds.yaml'), cloud('from-etc'));
    expect((await read()).drafts.map((draft) => draft.name)).toEqual(['from-etc']);
    await writeFile(join(home, '.config', 'openstack', 'clouds.yml'), cloud('from-home'));
    expect((await read()).drafts.map((draft) => draft.name)).toEqual(['from-home']);
    await writeFile(join(cwd, 'clouds.yaml'), cloud('from-cwd'));
    expect((await read()).drafts.map((draft) => draft.name)).toEqual(['from-cwd']);
  });

  it('reads the file named by OS_CLIENT_CONFIG_FILE, and application credentials, tokens and regions', async () => {
    const file = join(root, 'elsewhere.yaml');
    await writeFile(
      file,
      `clouds:
  ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://k.example.com/identity/v3
      application_credential_id: 21bb
      application_credential_secret: shh
    regions: [east, west]
    compute_endpoint_override: https://nova.internal:8774/v2.1
    block_storage_endpoint_override: https://cinder.internal:8776/v3
  scripted:
    auth_type: token
    auth:
      auth_url: https://k.example.com/identity/v3
      token: gAAAAtoken
      project_id: 9f00
`,
    );
    const result = await read({ OS_CLIENT_CONFIG_FILE: file });
    expect(result.drafts.map((draft) => [draft.name, draft.fields, draft.secrets])).toEqual([
      [
        'ci (east)',
        {
          auth: 'application-credential',
          applicationCredentialId: '21bb',
          endpointOverrides: 'compute=https://nova.internal:8774/v2.1,block-storage=https://cinder.internal:8776/v3',
          region: 'east',
        },
        { applicationCredentialSecret: 'shh' },
      ],
      [
        'ci (west)',
        {
          auth: 'application-credential',
          applicationCredentialId: '21bb',
          endpointOverrides: 'compute=https://nova.internal:8774/v2.1,block-storage=https://cinder.internal:8776/v3',
          region: 'west',
        },
        { applicationCredentialSecret: 'shh' },
      ],
      ['scripted', { auth: 'token', projectId: '9f00' }, { token: 'gAAAAtoken' }],
    ]);
  });

  it('turns OS_* variables into a cloud named envvars', async () => {
    const result = await read({
      OS_AUTH_URL: 'https://k.example.com:5000/v3',
      OS_USERNAME: 'bob',
      OS_PASSWORD: 'pw',
      OS_TENANT_NAME: 'legacy-name',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne',
      OS_ENDPOINT_TYPE: 'publicURL',
      OS_CACERT: '/etc/ssl/corp.pem',
    });
    expect(result.drafts).toEqual([
      {
        name: 'envvars',
        url: 'https://k.example.com:5000/v3',
        fields: {
          auth: 'password',
          username: 'bob',
          userDomain: 'Default',
          project: 'legacy-name',
          projectDomain: 'Default',
          interface: 'public',
          region: 'RegionOne',
        },
        secrets: { password: 'pw' },
        tls: { caFile: '/etc/ssl/corp.pem' },
      },
    ]);
  });

  it('says plainly what it skips or ignores, and never turns certificate checks off', async () => {
    await writeFile(
      join(cwd, 'clouds.yaml'),
      `clouds:
  sso:
    auth_type: v3oidcpassword
    auth: { auth_url: https://k/v3, username: u }
  vendor:
    profile: vexxhost
  lax:
    verify: false
    auth: { auth_url: https://k/v3, username: u, password: p }
  old:
    identity_api_version: 2
    auth: { auth_url: https://k/v2.0, username: u, password: p }
`,
    );
    const result = await read();
    expect(result.drafts.map((draft) => draft.name)).toEqual(['lax']);
    expect(result.drafts[0]?.tls).toEqual({});
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(/"sso" uses auth type "v3oidcpassword"/);
    expect(warnings).toMatch(/"vendor" has no auth_url \(vendor profile "vexxhost"/);
    expect(warnings).toMatch(/"lax": "verify: false" is ignored/);
    expect(warnings).toMatch(/"old" uses Keystone v2/);
  });

  it('reports a broken YAML file instead of throwing', async () => {
    await writeFile(join(cwd, 'clouds.yaml'), 'clouds: [unclosed');
    const result = await read();
    expect(result.drafts).toEqual([]);
    expect(result.warnings[0]).toMatch(/is not valid YAML/);
  });
});
