import type { ProviderModule } from '../../backends/core/provider';
import { openstackProvider } from '../../backends/openstack/index';
import { proxmoxProvider } from '../../backends/proxmox/index';
import { vsphereProvider } from '../../backends/vsphere/index';

/** Every platform this build can drive. */
export const providerModules: readonly ProviderModule[] = [vsphereProvider, openstackProvider, proxmoxProvider];
