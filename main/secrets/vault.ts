import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { VaultStatus } from '../../common/contract/vault';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ConnectionSecrets } from '../../common/model/connection';
import { deriveKey, newKdfParams, openWithKey, sealWithKey, type KdfParams } from './passphrase-key';

/** The OS keyring as the Electron app reaches it (safeStorage); absent in the CLI and serve mode. */
export interface OsKeyring {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

interface SealedEntry {
  backend: 'os-keyring' | 'passphrase';
  sealed: string;
}

interface VaultFile {
  format: 1;
  /** Present once a master passphrase was set. */
  kdf?: KdfParams;
  /** A known text sealed with the passphrase key: tells a wrong passphrase from a right one. */
  verifier?: string;
  entries: Record<string, SealedEntry>;
}

const verifierText = 'skydeck-vault-v1';

export interface VaultOptions {
  file: string;
  keyring?: OsKeyring;
  /** Why the passphrase is used instead of the OS keyring, for the unlock dialog. */
  passphraseReason?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Connection secrets, encrypted at rest in `secrets.json`: with the OS keyring when the
 * app has a real one, else with a key derived from a master passphrase (scrypt +
 * AES-256-GCM). Environment variables `SKYDECK_SECRET_<CONNECTION>_<FIELD>` override
 * stored values, for scripts and cron. Nothing here is ever logged or sent to a renderer.
 */
export class Vault {
  readonly #options: VaultOptions;
  #key: Buffer | undefined;

  constructor(options: VaultOptions) {
    this.#options = options;
  }

  status(): VaultStatus {
    if (this.#options.keyring) return { backend: 'os-keyring', state: 'unlocked' };
    const reason = this.#options.passphraseReason;
    const state = this.#key ? 'unlocked' : this.#read().kdf ? 'locked' : 'uninitialized';
    return reason ? { backend: 'passphrase', state, reason } : { backend: 'passphrase', state };
  }

  /** Unlocks with the master passphrase, or sets it when none was set yet. */
  async unlock(passphrase: string): Promise<VaultStatus> {
    if (this.#options.keyring) return this.status();
    const file = this.#read();
    if (!file.kdf || !file.verifier) {
      const kdf = newKdfParams();
      const key = await deriveKey(passphrase, kdf);
      this.#write({ ...file, kdf, verifier: sealWithKey(key, verifierText) });
      this.#key = key;
      return this.status();
    }
    const key = await deriveKey(passphrase, file.kdf);
    try {
      if (openWithKey(key, file.verifier) !== verifierText) throw new Error('verifier mismatch');
    } catch {
      throw new SkydeckFailure('auth-failed', 'That is not the master passphrase of this Skydeck vault.');
    }
    this.#key = key;
    return this.status();
  }

  lock(): void {
    this.#key = undefined;
  }

  save(connectionId: string, secrets: ConnectionSecrets): void {
    const file = this.#read();
    if (Object.keys(secrets).length === 0) {
      delete file.entries[connectionId];
    } else {
      file.entries[connectionId] = this.#seal(JSON.stringify(secrets));
    }
    this.#write(file);
  }

  /** The stored secrets of a connection with environment overrides applied. */
  read(connectionId: string, connectionName: string): ConnectionSecrets {
    const fromEnv = secretsFromEnv(connectionName, this.#options.env ?? process.env);
    const entry = this.#read().entries[connectionId];
    if (!entry) return fromEnv;
    try {
      return { ...(JSON.parse(this.#open(entry, connectionName)) as ConnectionSecrets), ...fromEnv };
    } catch (error) {
      if (Object.keys(fromEnv).length > 0) return fromEnv;
      throw error;
    }
  }

  remove(connectionId: string): void {
    const file = this.#read();
    if (!(connectionId in file.entries)) return;
    delete file.entries[connectionId];
    this.#write(file);
  }

  #seal(plaintext: string): SealedEntry {
    if (this.#options.keyring) return { backend: 'os-keyring', sealed: this.#options.keyring.seal(plaintext) };
    if (!this.#key) throw lockedFailure(this.status());
    return { backend: 'passphrase', sealed: sealWithKey(this.#key, plaintext) };
  }

  #open(entry: SealedEntry, connectionName: string): string {
    if (entry.backend === 'os-keyring') {
      if (!this.#options.keyring) {
        throw new SkydeckFailure(
          'vault-locked',
          `The secrets of "${connectionName}" were saved by the desktop app in the OS keyring, which this process cannot reach. ` +
            `Set them in the environment (${envPrefix(connectionName)}<FIELD>) or enter them again here.`,
        );
      }
      return this.#options.keyring.open(entry.sealed);
    }
    if (!this.#key) throw lockedFailure(this.status());
    return openWithKey(this.#key, entry.sealed);
  }

  #read(): VaultFile {
    if (!existsSync(this.#options.file)) return { format: 1, entries: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.#options.file, 'utf8')) as VaultFile;
      if (parsed.format !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) throw new Error('unknown format');
      return parsed;
    } catch (error) {
      throw new SkydeckFailure(
        'internal',
        `The secrets file ${this.#options.file} is damaged (${(error as Error).message}); it was left untouched.`,
      );
    }
  }

  #write(file: VaultFile): void {
    mkdirSync(dirname(this.#options.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.#options.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.#options.file);
  }
}

function lockedFailure(status: VaultStatus): SkydeckFailure {
  return new SkydeckFailure(
    'vault-locked',
    status.state === 'uninitialized'
      ? 'Set a master passphrase first: it encrypts the passwords and tokens Skydeck keeps.'
      : 'The vault is locked: enter the master passphrase to use stored passwords and tokens.',
    { details: { state: status.state } },
  );
}

/** "Prod PVE" → "SKYDECK_SECRET_PROD_PVE_" */
export function envPrefix(connectionName: string): string {
  return `SKYDECK_SECRET_${connectionName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}_`;
}

/** SKYDECK_SECRET_PROD_PVE_TOKEN_SECRET → { tokenSecret } for the connection "Prod PVE". */
export function secretsFromEnv(connectionName: string, env: NodeJS.ProcessEnv): ConnectionSecrets {
  const prefix = envPrefix(connectionName);
  const secrets: ConnectionSecrets = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    const field = name
      .slice(prefix.length)
      .toLowerCase()
      .replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    if (field) secrets[field] = value;
  }
  return secrets;
}
