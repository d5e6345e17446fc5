import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { defineOpenstackContract } from '../../tests/peers/openstack/contract';
import { startOpenstackSimulator, type SimulatorAccount } from './simulator/index';

/** The connector contract held against the simulator: the same suite runs against the real lab. */
defineOpenstackContract(async () => {
  const simulator = await startOpenstackSimulator({ seed: 7, behaviour: { transitionMs: 60 } });
  const directory = await mkdtemp(join(tmpdir(), 'skydeck-os-contract-'));
  const caFile = join(directory, 'simulator.pem');
  await writeFile(caFile, simulator.certificatePem ?? '');
  const cloud = (account: SimulatorAccount): Record<string, unknown> => ({
    auth: {
      auth_url: simulator.url,
      username: account.username,
      project_name: account.project,
      user_domain_name: account.userDomain,
      project_domain_name: account.projectDomain,
    },
    region_name: 'RegionOne',
    interface: 'public',
    cacert: caFile,
  });
  const secret = (account: SimulatorAccount): Record<string, unknown> => ({ auth: { password: account.password } });
  const cloudsYaml = join(directory, 'clouds.yaml');
  await writeFile(cloudsYaml, stringify({ clouds: { 'sim-admin': cloud(simulator.admin), 'sim-demo': cloud(simulator.demo) } }));
  await writeFile(
    join(directory, 'secure.yaml'),
    stringify({ clouds: { 'sim-admin': secret(simulator.admin), 'sim-demo': secret(simulator.demo) } }),
  );
  return {
    authUrl: simulator.url,
    tls: { pinnedFingerprint: simulator.fingerprint256 as string },
    region: 'RegionOne',
    admin: simulator.admin,
    demo: simulator.demo,
    cloudsYaml,
    patienceMs: 20_000,
    close: async () => {
      await simulator.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
