import type { ProviderModule } from '../core/provider';
import { VsphereProvider } from './vsphere-provider';

export { VsphereProvider, type VsphereProviderOptions } from './vsphere-provider';

/** The vSphere driver, for the provider registry. */
export const vsphereProvider: ProviderModule = {
  kind: 'vsphere',
  create: (context) => new VsphereProvider(context),
};
