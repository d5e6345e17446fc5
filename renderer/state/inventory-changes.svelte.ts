import type { SkydeckApi } from '../../common/contract/index';
import type { ChangeKind, InventoryDiff, SyncRun } from '../../common/model/inventory-views';
import { errorMessage } from '../lib/errors';
import { idsInFieldChanges, resolveNames } from '../lib/change-text';
import { isoHoursBefore } from '../lib/data-age';
import { emptyMap } from '../lib/immutable';

/** Compare two chosen syncs, or the latest one with the state of a day ago. */
export type ComparisonMode = 'syncs' | 'since-yesterday';

/**
 * The Changes tab: one connection, its successful syncs, and what differs between two of
 * them (`inventory.diff`), with the names of the hosts and datastores the changes point at.
 */
export class ChangesState {
  connectionId = $state<string | undefined>(undefined);
  runs = $state.raw<SyncRun[]>([]);
  mode = $state<ComparisonMode>('syncs');
  fromSyncId = $state<number | undefined>(undefined);
  toSyncId = $state<number | undefined>(undefined);
  diff = $state.raw<InventoryDiff | undefined>(undefined);
  show = $state<ChangeKind | 'all'>('all');
  names = $state.raw<ReadonlyMap<string, string>>(emptyMap());
  loading = $state(false);
  error = $state<string | undefined>(undefined);
  readonly #api: SkydeckApi;
  #request = 0;

  constructor(api: SkydeckApi) {
    this.#api = api;
  }

  /** Picks a connection: its syncs load, and the last two are compared. */
  async select(connectionId: string): Promise<void> {
    this.connectionId = connectionId;
    this.runs = [];
    this.diff = undefined;
    this.error = undefined;
    this.loading = true;
    if (!(await this.reloadRuns())) {
      if (this.connectionId === connectionId) this.loading = false;
      return;
    }
    this.toSyncId = this.runs[0]?.id;
    this.fromSyncId = this.runs[1]?.id;
    await this.compare();
  }

  /**
   * Lists the chosen connection's successful syncs (again after a sync; the comparison shown
   * stays as chosen). False when the list could not be read or another connection was chosen meanwhile.
   */
  async reloadRuns(): Promise<boolean> {
    const connectionId = this.connectionId;
    if (!connectionId) return false;
    try {
      const runs = await this.#api.invoke('inventory.syncRuns', { connectionId });
      if (this.connectionId !== connectionId) return false;
      this.runs = runs.filter((run) => run.outcome === 'ok');
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    }
  }

  async compare(): Promise<void> {
    const connectionId = this.connectionId;
    if (!connectionId) return;
    const request = ++this.#request;
    this.loading = true;
    this.error = undefined;
    try {
      const diff = await this.#api.invoke(
        'inventory.diff',
        this.mode === 'since-yesterday'
          ? { connectionId, since: isoHoursBefore(24, Date.now()) }
          : {
              connectionId,
              ...(this.fromSyncId === undefined ? {} : { fromSyncId: this.fromSyncId }),
              ...(this.toSyncId === undefined ? {} : { toSyncId: this.toSyncId }),
            },
      );
      if (request !== this.#request) return;
      this.diff = diff;
      this.names = await this.#namesFor(diff);
    } catch (error) {
      if (request === this.#request) this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Names of the hosts, datastores and networks the changes point at (moved from host A to host B). */
  #namesFor(diff: InventoryDiff): Promise<ReadonlyMap<string, string>> {
    const ids = diff.rows.flatMap((row) => idsInFieldChanges(row.fields));
    return resolveNames(ids, async (id) => (await this.#api.invoke('inventory.object', { id }))?.object.name);
  }
}
