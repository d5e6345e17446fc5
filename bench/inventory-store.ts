/**
 * Inventory store benchmark: 100,000 objects across three connections shaped like the three
 * platforms. Prints sync write time, the longest event-loop stall during syncs, cold
 * open-to-first-rows, search latency over 1,000 varied queries, export times and RSS.
 *
 *   npx tsx bench/inventory-store.ts [total objects, default 100000]
 */
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { PlatformKind } from '../common/model/platform';
import { SeededRandom } from '../backends/core/simulator/random';
import { InventoryStore } from '../main/inventory/inventory-store';
import { SyncEngine } from '../main/inventory/sync-engine';
import { exportCsv } from '../main/inventory/export/csv';
import { exportXlsx } from '../main/inventory/export/xlsx';
import { benchLab, benchVmsPerHost, deltaGroup, syncTarget } from '../main/inventory/testing/inventory-factory';

const totalObjects = Number(process.argv[2] ?? 100_000);
const connections: { id: string; platform: PlatformKind }[] = [
  { id: 'vc-prod', platform: 'vsphere' },
  { id: 'os-cloud', platform: 'openstack' },
  { id: 'pve-lab', platform: 'proxmox' },
];
const vmsPerHost = benchVmsPerHost(totalObjects, connections.length);

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Watches the event loop with a 1 ms timer: the longest gap between ticks is the longest stall. */
function stallWatch(): { stop(): { maxStallMs: number; p99Ms: number } } {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      return { maxStallMs: Math.max(maxGap, histogram.max / 1e6), p99Ms: histogram.percentile(99) / 1e6 };
    },
  };
}

const folder = mkdtempSync(join(tmpdir(), 'skydeck-bench-'));
const path = join(folder, 'inventory.sqlite');
let peakRss = 0;
const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

try {
  console.log(
    `Inventory store benchmark: ~${totalObjects.toLocaleString('en')} objects, ${connections.length} connections (${vmsPerHost} VMs per host)`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ')} (figures are only comparable at a similar load)\n`,
  );
  let store = InventoryStore.open(path);
  const engine = new SyncEngine(store);
  let written = 0;
  let syncMs = 0;
  let maxStall = 0;
  let worstP99 = 0;
  for (const connection of connections) {
    const objects = benchLab(connection, totalObjects, connections.length);
    const watch = stallWatch();
    const started = performance.now();
    const run = await engine.sync(
      syncTarget(connection.id, connection.platform),
      deltaGroup(objects, { batchSize: 500 }),
      new AbortController().signal,
    );
    const elapsed = performance.now() - started;
    const stall = watch.stop();
    if (run.outcome !== 'ok') throw new Error(`sync of ${connection.id} failed: ${run.error?.message}`);
    written += run.counts.total;
    syncMs += elapsed;
    maxStall = Math.max(maxStall, stall.maxStallMs);
    worstP99 = Math.max(worstP99, stall.p99Ms);
    console.log(
      `first sync  ${connection.id.padEnd(9)} ${String(run.counts.total).padStart(6)} objects  ${ms(elapsed).padStart(10)}  (${Math.round(run.counts.total / (elapsed / 1000)).toLocaleString('en')} objects/s, longest stall ${ms(stall.maxStallMs)})`,
    );
  }
  console.log(`first sync  total     ${String(written).padStart(6)} objects  ${ms(syncMs).padStart(10)}`);

  {
    const connection = connections[0] as (typeof connections)[number];
    const objects = benchLab(connection, totalObjects, connections.length);
    const random = new SeededRandom(42);
    const changed = objects.map((object) =>
      object.kind === 'vm' && random.chance(0.05)
        ? { ...object, state: object.state === 'running' ? ('stopped' as const) : ('running' as const) }
        : object,
    );
    const watch = stallWatch();
    const started = performance.now();
    const run = await engine.sync(
      syncTarget(connection.id, connection.platform),
      deltaGroup(changed, { batchSize: 500 }),
      new AbortController().signal,
    );
    const elapsed = performance.now() - started;
    const stall = watch.stop();
    maxStall = Math.max(maxStall, stall.maxStallMs);
    console.log(
      `re-sync     ${connection.id.padEnd(9)} ${String(run.counts.total).padStart(6)} objects  ${ms(elapsed).padStart(10)}  (${run.counts.changed} changed, longest stall ${ms(stall.maxStallMs)})`,
    );
  }
  console.log(`\nlongest event-loop stall during syncs: ${ms(maxStall)} (target ≤ 50 ms); worst p99 loop delay ${ms(worstP99)}`);
  console.log(`database file: ${mib(statSync(path).size)}`);

  await store.close();
  const coldStart = performance.now();
  store = InventoryStore.open(path);
  const firstRows = store.search({ kind: 'vm', sort: 'name' }, { limit: 100, offset: 0 });
  const tree = store.children({ connectionId: 'vc-prod', limit: 100, offset: 0 });
  const coldMs = performance.now() - coldStart;
  console.log(
    `cold open to first rows (VM table page + tree top): ${ms(coldMs)} (${firstRows.rows.length} rows of ${firstRows.total.toLocaleString('en')}, ${tree.rows.length} tree nodes)`,
  );

  const random = new SeededRandom(7);
  const sample = store.search({ kind: 'vm' }, { limit: 1000, offset: 0 }).rows;
  const hosts = store.search({ kind: 'host' }, { limit: 200, offset: 0 }).rows.map((host) => host.name);
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const queryMakers: (() => { query: string; sort?: string; kind?: 'vm'; offset?: number })[] = [
    () => ({ query: pick(sample).name.slice(0, random.int(2, 8)) }),
    () => ({ query: pick(sample).name }),
    () => ({ query: pick(sample).facts.ipAddresses?.[0] ?? '10.1' }),
    () => ({ query: (pick(sample).facts.macAddresses?.[0] ?? '').slice(0, 8) }),
    () => ({ query: (pick(sample).facts.uuid ?? '').slice(0, 8) }),
    () => ({ query: `kind:vm state:running host:${pick(hosts)}` }),
    () => ({ query: `cpu>${pick([2, 4, 8])} memory>=${pick([8, 16, 32])} tag:prod` }),
    () => ({ query: `kind:vm -state:stopped connection:${pick(connections).id} ${pick(['web', 'db', 'cache', 'app'])}` }),
    () => ({ query: `"${pick(['nightly backup', 'team-web', 'Red Hat', 'Windows Server'])}"` }),
    () => ({ query: `name:${pick(['web', 'db', 'mail', 'dns'])}-0${random.int(0, 9)}* disk>100` }),
    () => ({ query: `os:${pick(['ubuntu', 'windows', 'rocky', 'debian'])} kind:vm`, sort: pick(['memory', 'cpu', 'name']) }),
    () => ({ query: '', kind: 'vm', sort: pick(['memory', 'cpu', 'disk', 'name', 'state']), offset: random.int(0, 50_000) }),
    () => ({ query: `tag:${pick(['prod', 'dev', 'staging', 'pci'])} -tag:backup platform:${pick(connections).platform}` }),
  ];
  const latencies: number[] = [];
  const slowest: { ms: number; query: string }[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const made = (queryMakers[i % queryMakers.length] as () => { query: string; sort?: string; kind?: 'vm'; offset?: number })();
    const started = performance.now();
    store.search(
      { query: made.query, ...(made.sort ? { sort: made.sort } : {}), ...(made.kind ? { kind: made.kind } : {}) },
      { limit: 50, offset: made.offset ?? 0 },
    );
    const elapsed = performance.now() - started;
    latencies.push(elapsed);
    slowest.push({
      ms: elapsed,
      query: `${made.query}${made.sort ? ` (sort ${made.sort})` : ''}${made.offset ? ` (offset ${made.offset})` : ''}`,
    });
  }
  latencies.sort((a, b) => a - b);
  slowest.sort((a, b) => b.ms - a.ms);
  console.log(
    `search over ${written.toLocaleString('en')} objects, 1,000 queries: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))} (target < 50 ms), p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)}`,
  );
  console.log(
    `  slowest: ${slowest
      .slice(0, 3)
      .map((entry) => `${ms(entry.ms)} «${entry.query}»`)
      .join('; ')}`,
  );

  const csvStart = performance.now();
  const csvRows = await exportCsv(
    store,
    { kind: 'vm' },
    ['name', 'state', 'connection', 'host', 'cpu', 'memory', 'disk', 'os', 'ip'],
    createWriteStream(join(folder, 'vms.csv')),
  );
  console.log(`\nexport CSV of ${csvRows.toLocaleString('en')} VMs: ${ms(performance.now() - csvStart)}`);
  const xlsxStart = performance.now();
  const workbook = await exportXlsx(store, join(folder, 'inventory.xlsx'));
  const xlsxRows = workbook.sheets.reduce((sum, sheet) => sum + sheet.rows, 0);
  console.log(
    `export XLSX, ${workbook.sheets.length} sheets, ${xlsxRows.toLocaleString('en')} rows: ${ms(performance.now() - xlsxStart)} (${mib(statSync(join(folder, 'inventory.xlsx')).size)})`,
  );

  await store.close();
  clearInterval(rssSampler);
  console.log(
    `load average at the end: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ')}`,
  );
  console.log(
    `\nhost memory: RSS now ${mib(process.memoryUsage().rss)}, peak ${mib(peakRss)} (includes the generated test objects of one connection at a time)`,
  );
} finally {
  clearInterval(rssSampler);
  rmSync(folder, { recursive: true, force: true });
}
