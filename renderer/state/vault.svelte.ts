import type { SkydeckApi } from '../../common/contract/index';
import type { VaultStatus } from '../../common/contract/vault';

/** Where secrets are kept, and the unlock dialog's state. */
export class VaultState {
  status = $state<VaultStatus | undefined>(undefined);
  dialogOpen = $state(false);
  readonly #api: SkydeckApi;
  #afterUnlock: (() => void) | undefined;

  constructor(api: SkydeckApi) {
    this.#api = api;
    api.subscribe('vault.status', (status) => (this.status = status));
  }

  async load(): Promise<void> {
    this.status = await this.#api.invoke('vault.status', {});
  }

  get unlocked(): boolean {
    return this.status?.state === 'unlocked';
  }

  /** Opens the dialog; `then` runs once the vault is unlocked (e.g. retry a save). */
  requestUnlock(then?: () => void): void {
    this.#afterUnlock = then;
    this.dialogOpen = true;
  }

  async unlock(passphrase: string): Promise<void> {
    this.status = await this.#api.invoke('vault.unlock', { passphrase });
    this.dialogOpen = false;
    const next = this.#afterUnlock;
    this.#afterUnlock = undefined;
    next?.();
  }

  cancel(): void {
    this.#afterUnlock = undefined;
    this.dialogOpen = false;
  }
}
