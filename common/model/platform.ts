export const platformKinds = ['vsphere', 'openstack', 'proxmox'] as const;
export type PlatformKind = (typeof platformKinds)[number];

export const platformLabels: Record<PlatformKind, string> = {
  vsphere: 'VMware vSphere',
  openstack: 'OpenStack',
  proxmox: 'Proxmox VE',
};
