import { SkydeckFailure } from '../../common/errors/skydeck-error';

/** What the account may not see, said once each, for commit.notes and ServerInfo.notes. */
export class Notes {
  readonly #notes: string[] = [];

  constructor(initial: readonly string[] = []) {
    for (const note of initial) this.add(note);
  }

  add(note: string): void {
    if (!this.#notes.includes(note)) this.#notes.push(note);
  }

  get list(): string[] {
    return [...this.#notes];
  }
}

/**
 * Runs a listing the account may not be allowed to make. A 403 (or a service missing from
 * the catalog) becomes a note and the fallback; any other failure fails the sync.
 */
export async function optional<T>(notes: Notes, explain: (reason: string) => string, fallback: T, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof SkydeckFailure && (error.code === 'forbidden' || error.code === 'unsupported')) {
      notes.add(explain(error.message));
      return fallback;
    }
    throw error;
  }
}
