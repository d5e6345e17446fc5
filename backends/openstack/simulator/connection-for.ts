import type { ProviderContext } from '../../core/provider';
import type { OpenstackSimulator, SimulatorAccount } from './index';

/** Where a simulator listens, as a parent process learns it from a child that runs one. */
export type SimulatorAddress = Pick<OpenstackSimulator, 'url' | 'fingerprint256' | 'admin'> & { cloud: { region: string } };

/** A connection to the simulator as a given account (the admin by default), pinned to its certificate. */
export function simulatorContext(
  simulator: SimulatorAddress,
  account: SimulatorAccount = simulator.admin,
  fields: Record<string, string> = {},
): ProviderContext {
  return {
    config: {
      id: 'sim',
      name: 'OpenStack simulator',
      kind: 'openstack',
      url: simulator.url,
      fields: {
        auth: 'password',
        username: account.username,
        userDomain: account.userDomain,
        project: account.project,
        projectDomain: account.projectDomain,
        region: simulator.cloud.region,
        ...fields,
      },
      tls: simulator.fingerprint256 ? { pinnedFingerprint: simulator.fingerprint256 } : {},
      createdAt: new Date(0).toISOString(),
    },
    secrets: { password: account.password },
  };
}
