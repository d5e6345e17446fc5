import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from './sync-engine';
import { buildLab, deltaGroup, syncTarget } from './testing/inventory-factory';
import { openTempStore } from './testing/temp-store';

const childScript = fileURLToPath(new URL('./testing/sync-until-killed.ts', import.meta.url));

/** Starts the child sync and SIGKILLs it once it has written `batches` batches. */
function killMidSync(path: string, batches: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const written = [...chunk.toString().matchAll(/batch (\d+)/g)].map((match) => Number(match[1]));
      if (written.some((batch) => batch >= batches)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal ? resolve(signal) : reject(new Error(`the child exited by itself (${code}): ${stderr}`))));
  });
}

describe('crash safety', () => {
  let handle: ReturnType<typeof openTempStore>;
  afterEach(() => handle.dispose());

  it('keeps the previous inventory whole, with no half rows, when the syncing process is killed with SIGKILL', async () => {
    handle = openTempStore();
    const previous = buildLab({
      connectionId: 'lab',
      platform: 'vsphere',
      clusters: 2,
      hostsPerCluster: 4,
      vmsPerHost: 20,
      datastores: 4,
      networks: 3,
      seed: 3,
    });
    await new SyncEngine(handle.store).sync(syncTarget('lab'), deltaGroup(previous), new AbortController().signal);
    const countsBefore = handle.store.counts();
    await handle.store.close();

    expect(await killMidSync(handle.path, 15)).toBe('SIGKILL');

    const raw = new Database(handle.path, { readonly: true });
    const uncommitted = raw
      .prepare('SELECT count(*) FROM objects o JOIN connections c ON c.id = o.connection_id WHERE o.born_gen > c.committed_gen')
      .pluck()
      .get() as number;
    raw.close();
    expect(uncommitted).toBeGreaterThanOrEqual(1_000);

    const store = await handle.reopen();
    expect(store.counts()).toEqual(countsBefore);
    for (const object of previous.filter((_, index) => index % 25 === 0)) expect(store.object(object.id)?.object).toEqual(object);
    expect(store.search({ query: 'kind:vm' }, { limit: 1, offset: 0 }).total).toBe(
      previous.filter((object) => object.kind === 'vm').length,
    );
    expect(store.syncRuns('lab')[0]).toMatchObject({
      outcome: 'failed',
      error: { message: expect.stringContaining('stopped while this sync was running') },
    });
    expect(store.connections()[0]).toMatchObject({ level: 'stale', objectCount: previous.length });
    await store.close();

    const check = new Database(handle.path, { readonly: true });
    const leftovers = check
      .prepare(
        'SELECT count(*) FROM objects o JOIN connections c ON c.id = o.connection_id WHERE o.born_gen > c.committed_gen OR o.died_gen IS NOT NULL',
      )
      .pluck()
      .get();
    const searchRows = check.prepare('SELECT count(*) FROM objects_search').pluck().get();
    const objectRows = check.prepare('SELECT count(*) FROM objects').pluck().get();
    check.close();
    expect(leftovers).toBe(0);
    expect(searchRows).toBe(objectRows);

    const resumed = await new SyncEngine(await handle.reopen()).sync(syncTarget('lab'), deltaGroup(previous), new AbortController().signal);
    expect(resumed.counts).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: previous.length });
  });
});
