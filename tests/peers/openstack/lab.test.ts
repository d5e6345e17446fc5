import { describe, expect, it } from 'vitest';
import { defineOpenstackContract } from './contract';

const required = [
  'SKYDECK_OS_AUTH_URL',
  'SKYDECK_OS_ADMIN_USER',
  'SKYDECK_OS_ADMIN_PASSWORD',
  'SKYDECK_OS_DEMO_USER',
  'SKYDECK_OS_DEMO_PASSWORD',
  'SKYDECK_OS_CLOUDS_YAML',
] as const;

const missing = required.filter((name) => !process.env[name]);

describe('OpenStack lab', () => {
  it('is described by the SKYDECK_OS_* variables of its lab.env', () => {
    expect(missing, 'start tests/peers/openstack/lab/start.sh and export the variables of its lab.env').toEqual([]);
  });
});

/** The connector contract held against the real OpenStack lab (tests/peers/openstack/lab). */
defineOpenstackContract(async () => {
  if (missing.length) {
    throw new Error(
      `The OpenStack lab is not described: ${missing.join(', ')} missing. Start it with tests/peers/openstack/lab/start.sh and export the variables of its lab.env.`,
    );
  }
  const env = process.env as Record<(typeof required)[number], string> & Record<string, string | undefined>;
  const account = (user: string, password: string, project: string | undefined) => ({
    username: user,
    password,
    project: project ?? user,
    userDomain: env.SKYDECK_OS_USER_DOMAIN ?? 'Default',
    projectDomain: env.SKYDECK_OS_PROJECT_DOMAIN ?? 'Default',
  });
  return {
    authUrl: env.SKYDECK_OS_AUTH_URL,
    tls: {},
    ...(env.SKYDECK_OS_REGION ? { region: env.SKYDECK_OS_REGION } : {}),
    admin: account(env.SKYDECK_OS_ADMIN_USER, env.SKYDECK_OS_ADMIN_PASSWORD, env.SKYDECK_OS_ADMIN_PROJECT),
    demo: account(env.SKYDECK_OS_DEMO_USER, env.SKYDECK_OS_DEMO_PASSWORD, env.SKYDECK_OS_DEMO_PROJECT),
    cloudsYaml: env.SKYDECK_OS_CLOUDS_YAML,
    patienceMs: 240_000,
  };
});
