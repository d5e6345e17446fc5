/**
 * A child process for the crash-safety test: starts a large full sync into the store at
 * argv[2] and reports each written batch on stdout; it never commits, so the parent can
 * SIGKILL it in the middle of the sync.
 */
import type { InventoryDelta } from '../../../common/model/inventory';
import { InventoryStore } from '../inventory-store';
import { SyncEngine } from '../sync-engine';
import { buildLab, syncTarget } from './inventory-factory';

const [path, connectionId = 'lab'] = process.argv.slice(2);
if (!path) throw new Error('usage: sync-until-killed <database path> [connection id]');

const store = InventoryStore.open(path);
const objects = buildLab({
  connectionId,
  platform: 'vsphere',
  clusters: 4,
  hostsPerCluster: 10,
  vmsPerHost: 100,
  datastores: 8,
  networks: 6,
  seed: 77,
});

async function* neverCommits(): AsyncGenerator<InventoryDelta> {
  yield { op: 'begin', full: true };
  for (let start = 0, batch = 1; start < objects.length; start += 100, batch += 1) {
    yield { op: 'upsert', objects: objects.slice(start, start + 100) };
    process.stdout.write(`batch ${batch}\n`);
  }
  await new Promise(() => undefined);
}

await new SyncEngine(store, { batchSize: 100 }).sync(syncTarget(connectionId), neverCommits(), new AbortController().signal);
