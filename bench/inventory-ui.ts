/**
 * Inventory UI benchmark: a home with ~100,000 objects across three connections (written by
 * the real SyncEngine), served by `skydeck serve`, opened in Chromium. Prints:
 *   - cold open to first rows (page load → shell; "Open table" click → first VM rows),
 *   - frame times while scrolling the VM table through tens of thousands of rows, measured in
 *     the page: each frame's main-thread time from its start (the rAF timestamp) to the end of
 *     its rendering (a message posted from rAF arrives after style, layout and paint), and the
 *     rAF intervals (what a 60 Hz screen shows: > 20 ms is a dropped frame),
 *   - the renderer's JS heap (CDP Performance.getMetrics), after scrolling and after a GC.
 *
 *   npm run build && npx tsx bench/inventory-ui.ts [total objects, default 100000]
 */
import { chromium } from '@playwright/test';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PlatformKind } from '../common/model/platform';
import { benchLab, benchVmsPerHost } from '../main/inventory/testing/inventory-factory';
import playwrightConfig from '../playwright.config';
import { prepareInventoryHome, type PreparedConnection } from '../tests/e2e/fixtures/inventory-home';
import { startServedApp, stopServedApp } from '../tests/e2e/serve-fixture';

const totalObjects = Number(process.argv[2] ?? 100_000);
const platforms: { id: string; name: string; platform: PlatformKind }[] = [
  { id: 'vc-prod', name: 'vCenter Prod', platform: 'vsphere' },
  { id: 'os-cloud', name: 'OpenStack Cloud', platform: 'openstack' },
  { id: 'pve-lab', name: 'Proxmox Lab', platform: 'proxmox' },
];
const vmsPerHost = benchVmsPerHost(totalObjects, platforms.length);

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Runs in the page (as text: this file is compiled without the DOM library). Watches frames
 * without touching the page: each frame's main-thread time (from its start, the rAF
 * timestamp, to a message posted from rAF, which arrives once style, layout and paint are
 * done), the interval between frames, and whether the row at the top of the table was
 * still loading once the frame was drawn. `stopFrameRecorder` returns what it saw.
 */
const startFrameRecorder = `(() => {
  const viewport = document.querySelector('[aria-label="Inventory table"]');
  const record = { work: [], intervals: [], blankFrames: 0, running: true };
  const channel = new MessageChannel();
  let previous;
  let frameStart = 0;
  channel.port1.onmessage = () => {
    record.work.push(performance.now() - frameStart);
    const top = Math.floor(viewport.scrollTop / ${28}) + 2;
    if (!viewport.querySelector('[aria-rowindex="' + top + '"][data-id]')) record.blankFrames += 1;
  };
  const tick = (timestamp) => {
    if (!record.running) return;
    if (previous !== undefined) record.intervals.push(timestamp - previous);
    previous = timestamp;
    frameStart = timestamp;
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__frameRecord = record;
})()`;
const stopFrameRecorder = `(() => {
  const record = window.__frameRecord;
  record.running = false;
  return { work: record.work, intervals: record.intervals, blankFrames: record.blankFrames };
})()`;
/** Once the gesture ends: how long until the row at the top is drawn whole, and which row it is. */
const settledRows = `(async () => {
  const viewport = document.querySelector('[aria-label="Inventory table"]');
  const started = performance.now();
  const topRow = () => viewport.querySelector('[aria-rowindex="' + (Math.floor(viewport.scrollTop / ${28}) + 2) + '"][data-id]');
  while (!topRow() && performance.now() - started < 10000) await new Promise((done) => requestAnimationFrame(done));
  return { settleMs: performance.now() - started, firstRow: Number(topRow()?.getAttribute('aria-rowindex') ?? 0) - 1, scrollTop: viewport.scrollTop };
})()`;

interface ScrollResult {
  work: number[];
  intervals: number[];
  blankFrames: number;
  settleMs: number;
  firstRow: number;
  scrollTop: number;
}

function report(label: string, result: ScrollResult, rowHeight: number): void {
  const dropped = result.intervals.filter((interval) => interval > 20).length;
  console.log(`${label}: ${result.work.length} frames, ${Math.round(result.scrollTop / rowHeight).toLocaleString('en')} rows scrolled`);
  console.log(
    `  frame main-thread time  p50 ${ms(percentile(result.work, 50))}  p95 ${ms(percentile(result.work, 95))}  max ${ms(Math.max(...result.work))}  (target p95 < 16 ms)`,
  );
  console.log(
    `  rAF interval            p50 ${ms(percentile(result.intervals, 50))}  p95 ${ms(percentile(result.intervals, 95))}  max ${ms(Math.max(...result.intervals))}  dropped (> 20 ms) ${dropped}`,
  );
  console.log(`  frames drawn with a placeholder at the top (flung, or its page still loading): ${result.blankFrames}`);
  console.log(`  after the gesture: row ${result.firstRow.toLocaleString('en')} drawn whole at the top in ${ms(result.settleMs)}`);
}

console.log(
  `Inventory UI benchmark: ~${totalObjects.toLocaleString('en')} objects, ${platforms.length} connections (${vmsPerHost} VMs per host)`,
);
console.log(
  `machine: ${cpus().length} CPUs, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} at the start (timings stretch when other work shares the CPUs)\n`,
);
const prepareStart = performance.now();
const connections: PreparedConnection[] = platforms.map((connection) => ({
  ...connection,
  syncs: [
    {
      objects: benchLab(connection, totalObjects, platforms.length),
      at: new Date(),
    },
  ],
}));
const home = await prepareInventoryHome(connections);
console.log(`prepared the home through the SyncEngine in ${(performance.now() - prepareStart) / 1000} s`);
connections.length = 0;

const serveStart = performance.now();
const served = await startServedApp({}, { home });
console.log(`skydeck serve ready in ${ms(performance.now() - serveStart)}`);
const browser = await chromium.launch({ ...playwrightConfig.use?.launchOptions });
try {
  const page = await browser.newPage({ viewport: playwrightConfig.use?.viewport ?? { width: 1400, height: 860 } });
  const rowHeight = 28;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
  const heap = async (): Promise<number> => (await metrics()).JSHeapUsedSize ?? 0;
  /**
   * Scrolls the table the way a mouse wheel or a trackpad does (a synthetic gesture driven by
   * the browser, as Chromium's own smoothness benchmarks do), while the page records its frames;
   * then says where the main thread's time went (script, style, layout; the rest is paint and tasks).
   */
  const phase = async (label: string, rows: number, rowsPerSecond: number): Promise<void> => {
    const box = await page.getByRole('grid', { name: 'Inventory table' }).boundingBox();
    const before = await metrics();
    await page.evaluate(startFrameRecorder);
    await cdp.send('Input.synthesizeScrollGesture', {
      x: Math.round((box?.x ?? 0) + (box?.width ?? 0) / 2),
      y: Math.round((box?.y ?? 0) + (box?.height ?? 0) / 2),
      yDistance: -rows * rowHeight,
      speed: rowsPerSecond * rowHeight,
      gestureSourceType: 'mouse',
    });
    const frames = (await page.evaluate(stopFrameRecorder)) as Pick<ScrollResult, 'work' | 'intervals' | 'blankFrames'>;
    const result: ScrollResult = {
      ...frames,
      ...((await page.evaluate(settledRows)) as Pick<ScrollResult, 'settleMs' | 'firstRow' | 'scrollTop'>),
    };
    const after = await metrics();
    report(label, result, rowHeight);
    const spent = (name: string): string => ms(((after[name] ?? 0) - (before[name] ?? 0)) * 1000);
    console.log(
      `  main thread in total: ${spent('TaskDuration')} (script ${spent('ScriptDuration')}, style ${spent('RecalcStyleDuration')}, layout ${spent('LayoutDuration')})`,
    );
  };

  const loadStart = performance.now();
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Open table' }).waitFor();
  const shellMs = performance.now() - loadStart;
  const tableStart = performance.now();
  await page.getByRole('button', { name: 'Open table' }).click();
  await page.locator('[role="row"][data-id]').first().waitFor();
  const rowsMs = performance.now() - tableStart;
  const summary = await page.getByTestId('table-summary').innerText();
  console.log(
    `cold open: page load to shell ${ms(shellMs)}; "Open table" to first VM rows ${ms(rowsMs)}; total ${ms(shellMs + rowsMs)} (${summary.trim()})`,
  );
  console.log(`renderer JS heap after the first rows: ${mib(await heap())}`);

  await page.waitForTimeout(500);
  await phase('\nwheel scroll, 1,500 px/s (about 1 row a frame) through 800 rows', 800, 54);
  await phase('\nbrisk scroll, 15,000 px/s (about 9 rows a frame, every row drawn) through 6,000 rows', 6_000, 536);
  await phase('\nfast scroll, 60,000 px/s (about 36 rows a frame) through 40,000 rows', 40_000, 2_143);
  const rendered = await page.locator('[role="row"][data-id]').count();
  console.log(`\nrows in the DOM after scrolling: ${rendered}`);
  console.log(`renderer JS heap after scrolling: ${mib(await heap())} (target < 300 MB)`);
  await cdp.send('HeapProfiler.collectGarbage');
  console.log(`renderer JS heap after a GC: ${mib(await heap())}`);
} finally {
  await browser.close();
  await stopServedApp(served);
  rmSync(home, { recursive: true, force: true });
}
