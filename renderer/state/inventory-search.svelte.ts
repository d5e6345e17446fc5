import type { SkydeckApi } from '../../common/contract/index';
import type { ObjectSummary } from '../../common/model/inventory-views';
import { errorMessage } from '../lib/errors';

const debounceMs = 120;
const resultLimit = 20;

/**
 * Search as you type (the command palette): every object of every connection, through
 * `inventory.query`, debounced; an answer to an older text never replaces a newer one.
 */
export class InventorySearch {
  results = $state.raw<ObjectSummary[]>([]);
  total = $state(0);
  warnings = $state.raw<string[]>([]);
  error = $state<string | undefined>(undefined);
  /** The text the current results answer. */
  answered = $state('');
  readonly #api: SkydeckApi;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #latest = '';

  constructor(api: SkydeckApi) {
    this.#api = api;
  }

  search(text: string): void {
    clearTimeout(this.#timer);
    const query = text.trim();
    this.#latest = query;
    if (!query) {
      this.results = [];
      this.total = 0;
      this.warnings = [];
      this.answered = '';
      return;
    }
    this.#timer = setTimeout(() => void this.#run(query), debounceMs);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#latest = '';
  }

  async #run(query: string): Promise<void> {
    try {
      const result = await this.#api.invoke('inventory.query', { view: { query }, offset: 0, limit: resultLimit });
      if (query !== this.#latest) return;
      this.results = result.rows;
      this.total = result.total;
      this.warnings = result.warnings;
      this.error = undefined;
      this.answered = query;
    } catch (error) {
      if (query === this.#latest) this.error = errorMessage(error);
    }
  }
}
