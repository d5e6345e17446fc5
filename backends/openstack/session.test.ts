import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SkydeckFailure } from '../../common/errors/skydeck-error';
import { OpenstackSession } from './session';
import { defaultTuning, readSettings } from './settings';
import { simulatorContext } from './simulator/connection-for';
import { startOpenstackSimulator, type OpenstackSimulator } from './simulator/index';

const never = new AbortController().signal;

describe('OpenstackSession against the simulator', () => {
  let simulator: OpenstackSimulator;
  const sessions: OpenstackSession[] = [];

  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ seed: 3, size: { servers: 6, volumes: 2 } });
  });
  afterEach(async () => {
    simulator.behaviour.rejectTokens = false;
    simulator.behaviour.tokenLifetimeMs = 3_600_000;
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });
  afterAll(() => simulator.close());

  const open = async (fields: Record<string, string> = {}, secrets?: Record<string, string>): Promise<OpenstackSession> => {
    const { config, secrets: password } = simulatorContext(simulator, simulator.admin, fields);
    const session = new OpenstackSession(readSettings(config.id, config.url, config.fields, secrets ?? password, config.tls), {
      ...defaultTuning,
      retries: 1,
    });
    sessions.push(session);
    await session.open(never);
    return session;
  };
  const failureOf = (promise: Promise<unknown>): Promise<SkydeckFailure> =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as SkydeckFailure,
    );

  it('negotiates the newest microversion both sides speak, per service', async () => {
    const session = await open();
    expect(session.facts.microversions).toEqual({ compute: [2, 90], 'block-storage': [3, 66], placement: [1, 39] });
    expect(session.facts.serverMaxima.compute).toEqual([2, 93]);
    const answer = await session.call<{ servers: Array<Record<string, unknown>> }>('compute', {
      path: '/servers/detail',
      query: { limit: 1, all_tenants: 1 },
      signal: never,
    });
    expect(answer.headers['openstack-api-version']).toBe('compute 2.90');
    expect(answer.body.servers[0]?.flavor).toHaveProperty('vcpus');
  });

  it('renews the token shortly before it expires, without waiting for a 401', async () => {
    simulator.behaviour.tokenLifetimeMs = 1_500;
    const session = await open();
    const logins = simulator.stats.logins;
    const rejected = simulator.stats.rejectedTokens;
    await new Promise((resolve) => setTimeout(resolve, 1_400));
    await session.call('compute', { path: '/flavors', signal: never });
    expect(simulator.stats.logins - logins).toBe(1);
    expect(simulator.stats.rejectedTokens).toBe(rejected);
  });

  it('logs in again once when a service rejects the token, then carries on', async () => {
    const session = await open();
    const logins = session.logins;
    simulator.revokeTokens();
    const answers = await Promise.all([1, 2, 3, 4].map(() => session.call('compute', { path: '/flavors', signal: never })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(session.logins - logins).toBe(1);
  });

  it('gives up after one fresh login when services still reject the token, never looping', async () => {
    const session = await open();
    const logins = simulator.stats.logins;
    simulator.behaviour.rejectTokens = true;
    const failure = await failureOf(session.call('network', { path: '/networks', signal: never }));
    expect(failure.code).toBe('auth-failed');
    expect(failure.message).toMatch(/Neutron rejected a fresh token/);
    expect(simulator.stats.logins - logins).toBe(1);
  });

  it('says which user Keystone refused, without the password', async () => {
    const failure = await failureOf(open({}, { password: 'not-the-password' }));
    expect(failure.code).toBe('auth-failed');
    expect(failure.message).toMatch(/user admin in domain Default/);
    expect(failure.message).not.toContain('not-the-password');
  });

  it('tells that an expired token given as the credential cannot be renewed', async () => {
    simulator.behaviour.tokenLifetimeMs = 1_200;
    const issuer = await open();
    const session = await open({ auth: 'token' }, { token: issuer.token.id });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const failure = await failureOf(session.call('compute', { path: '/flavors', signal: never }));
    expect(failure.code).toBe('token-expired');
  });

  it('uses the chosen interface and region, and endpoint overrides before the catalog', async () => {
    const origin = new URL(simulator.url).origin;
    const session = await open({ interface: 'internal', endpointOverrides: `image=${origin}/image` });
    expect(session.root('compute')).toBe(`${origin}/compute/v2.1`);
    expect(session.root('network')).toBe(`${origin}/networking/v2.0`);
    expect(session.root('image')).toBe(`${origin}/image/v2`);
    expect(session.root('block-storage')).toMatch(new RegExp(`${origin}/volume/v3/[0-9a-f]{32}$`));
    const failure = await failureOf(open({ region: 'Atlantis' }));
    expect(failure.message).toMatch(/Region "Atlantis" is not in this cloud's catalog \(it has: RegionOne\)/);
  });

  it('picks the only project of a user who named none, and lists them when there are several', async () => {
    const { config, secrets } = simulatorContext(simulator, simulator.demo, { project: '' });
    const session = new OpenstackSession(readSettings('sim', config.url, config.fields, secrets, config.tls), defaultTuning);
    sessions.push(session);
    await session.open(never);
    expect(session.token.project?.name).toBe('demo');
    simulator.cloud.assignments.push({
      userId: session.token.user.id,
      projectId: [...simulator.cloud.projects.values()].find((p) => p.name === 'research')?.id ?? '',
      roles: ['reader'],
    });
    const again = new OpenstackSession(readSettings('sim', config.url, config.fields, secrets, config.tls), defaultTuning);
    sessions.push(again);
    const failure = await failureOf(again.open(never));
    expect(failure.message).toMatch(/several projects \(demo, research\)/);
    simulator.cloud.assignments.pop();
  });

  it('reports a Keystone that is not there as unreachable', async () => {
    const settings = readSettings('gone', 'http://127.0.0.1:9/v3', { auth: 'password', username: 'u' }, { password: 'p' }, {});
    const session = new OpenstackSession(settings, { ...defaultTuning, retries: 1 });
    sessions.push(session);
    const failure = await failureOf(session.open(never));
    expect(failure.code).toBe('unreachable');
  });
});
