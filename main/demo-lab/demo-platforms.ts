import { startOpenstackSimulator } from '../../backends/openstack/simulator/index';
import { startProxmoxSimulator } from '../../backends/proxmox/simulator/index';
import { startVsphereSimulator } from '../../backends/vsphere/simulator/index';
import type { DemoPlatform } from './demo-lab';

/** The demo lab's estate, sized as a small shop runs it. Seeds are fixed: every start looks the same. */
export const demoPlatforms: readonly DemoPlatform[] = [
  { kind: 'vsphere', connectionName: 'Demo vCenter', start: () => startVsphereSimulator({ seed: 7 }) },
  { kind: 'proxmox', connectionName: 'Demo Proxmox VE', start: () => startProxmoxSimulator({ seed: 7, nodes: 3, guests: 20 }) },
  { kind: 'openstack', connectionName: 'Demo OpenStack', start: () => startOpenstackSimulator({ seed: 7 }) },
];
