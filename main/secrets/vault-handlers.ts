import type { EventHub } from '../host/event-hub';
import type { Handlers } from '../host/dispatcher';
import type { Vault } from './vault';

export function vaultHandlers(vault: Vault, events: EventHub): Pick<Handlers, 'vault.status' | 'vault.unlock'> {
  return {
    'vault.status': () => vault.status(),
    'vault.unlock': async ({ passphrase }) => {
      const status = await vault.unlock(passphrase);
      events.emit('vault.status', status);
      return status;
    },
  };
}
