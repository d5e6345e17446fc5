import { SkydeckFailure } from '../../../common/errors/skydeck-error';

/**
 * What a sync could not see, said once each ("cannot read node networks on pve2: …").
 * Only trouble that leaves the inventory correct but thinner becomes a note: a lack of
 * permission, a feature the server lacks, a guest-specific server error. Network
 * trouble and cancellation still fail the sync, so no partial inventory is committed.
 */
export class SyncNotes {
  readonly #notes = new Set<string>();

  add(note: string): void {
    this.#notes.add(note);
  }

  list(): string[] {
    return [...this.#notes];
  }

  /** The call's data, or undefined after noting why it is missing. Rethrows what must fail the sync. */
  async optional<T>(
    what: string,
    call: () => Promise<T>,
    quietCodes: readonly string[] = ['not-found', 'unsupported'],
  ): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SkydeckFailure) || !isThinning(error)) throw error;
      if (!quietCodes.includes(error.code)) this.add(`Cannot ${what}: ${error.message}`);
      return undefined;
    }
  }
}

/** Failures that leave the rest of the inventory trustworthy. */
export function isThinning(error: SkydeckFailure): boolean {
  if (error.code === 'forbidden' || error.code === 'not-found' || error.code === 'unsupported') return true;
  return error.code === 'server-error' && !error.retryable;
}
