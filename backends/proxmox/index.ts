import type { ProviderModule } from '../core/provider';
import { ProxmoxProvider } from './provider';

export { ProxmoxProvider, type ProxmoxProviderOptions } from './provider';

/** The Proxmox VE driver, for the provider registry. */
export const proxmoxProvider: ProviderModule = {
  kind: 'proxmox',
  create: (context) => new ProxmoxProvider(context),
};
