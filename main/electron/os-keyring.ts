import { safeStorage } from 'electron';
import type { OsKeyring } from '../secrets/vault';

/**
 * The OS keyring through safeStorage — unless, on Linux, safeStorage would fall back
 * to its hard-coded key (`basic_text`: no keyring running). Then secrets are kept with
 * a master passphrase instead, and the reason is shown in the unlock dialog.
 */
export function osKeyring(): { keyring?: OsKeyring; passphraseReason?: string } {
  if (!safeStorage.isEncryptionAvailable()) {
    return { passphraseReason: 'No OS keyring is available, so Skydeck encrypts secrets with a master passphrase.' };
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return {
      passphraseReason:
        'No desktop keyring (GNOME Keyring, KWallet) is running, and Electron would otherwise use a key that is the same on every machine. Skydeck uses a master passphrase instead.',
    };
  }
  return {
    keyring: {
      seal: (plaintext) => safeStorage.encryptString(plaintext).toString('base64'),
      open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
  };
}
