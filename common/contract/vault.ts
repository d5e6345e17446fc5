import * as v from 'valibot';
import { event, method } from './define';
import { noParams } from './schemas';

/**
 * Where secrets are kept. `os-keyring`: the OS keyring through Electron safeStorage.
 * `passphrase`: an AES-GCM file keyed by scrypt from a master passphrase.
 */
export type VaultBackend = 'os-keyring' | 'passphrase';
export type VaultState = 'unlocked' | 'locked' | 'uninitialized';

export interface VaultStatus {
  backend: VaultBackend;
  state: VaultState;
  /** Why a passphrase is needed, in words for the unlock dialog. */
  reason?: string;
}

export const vaultMethods = {
  'vault.status': method(noParams).returns<VaultStatus>(),
  /** Unlocks with the master passphrase; on an uninitialized vault, sets it. */
  'vault.unlock': method(
    v.strictObject({ passphrase: v.pipe(v.string(), v.minLength(8, 'Use at least 8 characters.'), v.maxLength(1_024)) }),
  ).returns<VaultStatus>(),
};

export const vaultEvents = {
  'vault.status': event<VaultStatus>(),
};
