/**
 * OpenStack full sync, two ways:
 *  (a) on the real lab (tests/peers/openstack/lab, 200 servers): Skydeck's full inventory
 *      beside python-openstackclient listing the same resources, in the same run; prints the
 *      ratio (target: Skydeck at least 10× faster);
 *  (b) on the simulator at 20,000 servers / 60,000 ports, the simulator in a child process:
 *      wall time, the connector process's peak RSS and its longest event-loop stall (< 50 ms).
 *
 *   npx tsx bench/openstack-sync.ts [--part lab|sim|both] [--servers 20000] [--ports-per-server 3]
 *                                   [--page-size 500] [--concurrency 8]
 *
 * The lab part reads SKYDECK_OS_* from the environment, or from the lab.env of a lab left
 * running in /tmp/skydeck-openstack-lab (SKYDECK_OS_LAB_DIR to point elsewhere).
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import type { InventoryObject } from '../common/model/inventory';
import type { ProviderContext } from '../backends/core/provider';
import { createOpenstackProvider } from '../backends/openstack/index';
import type { OpenstackSimulator } from '../backends/openstack/simulator/index';
import { startOpenstackSimulator } from '../backends/openstack/simulator/index';
import { simulatorContext } from '../backends/openstack/simulator/connection-for';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    part: { type: 'string', default: 'both' },
    servers: { type: 'string', default: '20000' },
    'ports-per-server': { type: 'string', default: '3' },
    'lab-servers': { type: 'string', default: '200' },
    'page-size': { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
  },
});

const never = new AbortController().signal;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

interface SyncFigures {
  wallMs: number;
  peakRss: number;
  peakHeap: number;
  longestStallMs: number;
  /** CPU time this process used during its longest stall: far below the stall means it waited for a core. */
  longestStallCpuMs: number;
  longestGcMs: number;
  objects: number;
  largestBatch: number;
  byType: Record<string, number>;
  notes: string[];
}

/** One full inventory, measured from the connector's side. */
async function measureSync(context: ProviderContext): Promise<SyncFigures> {
  const provider = createOpenstackProvider(context, { pageSize: Number(args['page-size']), concurrency: Number(args.concurrency) });
  await provider.connect(never);
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const figures: SyncFigures = {
    wallMs: 0,
    peakRss: 0,
    peakHeap: 0,
    longestStallMs: 0,
    longestStallCpuMs: 0,
    longestGcMs: 0,
    objects: 0,
    largestBatch: 0,
    byType: {},
    notes: [],
  };
  let lastTick = performance.now();
  let lastCpu = process.cpuUsage();
  let longestTick = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const now = performance.now();
    const cpu = process.cpuUsage();
    if (now - lastTick > longestTick) {
      longestTick = now - lastTick;
      figures.longestStallCpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    }
    lastTick = now;
    lastCpu = cpu;
  }, 5);
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) figures.longestGcMs = Math.max(figures.longestGcMs, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  stalls.enable();
  const started = performance.now();
  for await (const delta of provider.inventory(never)) {
    if (delta.op === 'upsert') {
      figures.objects += delta.objects.length;
      figures.largestBatch = Math.max(figures.largestBatch, delta.objects.length);
      for (const object of delta.objects as InventoryObject[])
        figures.byType[object.nativeType] = (figures.byType[object.nativeType] ?? 0) + 1;
    }
    if (delta.op === 'commit') figures.notes = delta.notes ?? [];
  }
  figures.wallMs = performance.now() - started;
  stalls.disable();
  clearInterval(sampler);
  figures.peakRss = Math.max(peakRss, process.memoryUsage.rss());
  figures.peakHeap = peakHeap;
  figures.longestStallMs = stalls.max / 1e6;
  gc.disconnect();
  await provider.close();
  return figures;
}

function printFigures(title: string, figures: SyncFigures): void {
  console.log(`\n${title}`);
  console.log(
    `  objects         ${figures.objects} (${Object.entries(figures.byType)
      .map(([type, count]) => `${count} ${type}`)
      .join(', ')})`,
  );
  console.log(`  largest batch   ${figures.largestBatch}`);
  console.log(`  wall time       ${seconds(figures.wallMs)}`);
  console.log(`  peak RSS        ${mb(figures.peakRss)} (JS heap ${mb(figures.peakHeap)})`);
  console.log(`  longest stall   ${figures.longestStallMs.toFixed(1)} ms (target < 50 ms)`);
  console.log(
    `                  CPU used by this process during its longest stall: ${figures.longestStallCpuMs.toFixed(1)} ms (all threads); longest GC pause ${figures.longestGcMs.toFixed(1)} ms`,
  );
  console.log(
    `  machine load    ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} (1, 5, 15 min) on ${cpus().length} cores`,
  );
  for (const note of figures.notes) console.log(`  note: ${note}`);
}

// ---------------------------------------------------------------- (b) simulator at scale

interface ChildHandle {
  url: string;
  fingerprint256: string;
  admin: OpenstackSimulator['admin'];
  region: string;
}

/** Child side: a big simulated cloud, its address sent to the parent. */
async function serve(): Promise<void> {
  const servers = Number(args.servers);
  const simulator = await startOpenstackSimulator({
    seed: 42,
    size: {
      projects: 20,
      servers,
      portsPerServer: Number(args['ports-per-server']),
      hypervisors: 200,
      volumes: Math.round(servers / 4),
      floatingIps: 2_000,
    },
  });
  const handle: ChildHandle = {
    url: simulator.url,
    fingerprint256: simulator.fingerprint256 as string,
    admin: simulator.admin,
    region: simulator.cloud.region,
  };
  process.send?.(handle);
  process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
}

function startChild(): Promise<{ child: ChildProcess; handle: ChildHandle }> {
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--serve', '--servers', String(args.servers), '--ports-per-server', String(args['ports-per-server'])],
    {
      execArgv: process.execArgv,
      stdio: 'inherit',
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (handle) => resolve({ child, handle: handle as ChildHandle }));
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
  });
}

async function simulatorPart(): Promise<void> {
  const seeding = performance.now();
  const { child, handle } = await startChild();
  console.log(
    `\n(b) simulator: ${args.servers} servers × ${args['ports-per-server']} ports, seeded in ${seconds(performance.now() - seeding)} (child process)`,
  );
  const context = simulatorContext({
    url: handle.url,
    fingerprint256: handle.fingerprint256,
    admin: handle.admin,
    cloud: { region: handle.region },
  });
  try {
    printFigures('(b) Skydeck full inventory of the simulator', await measureSync(context));
  } finally {
    child.disconnect();
  }
}

// ---------------------------------------------------------------- (a) real lab vs openstack CLI

function labEnvironment(): Record<string, string> | undefined {
  if (process.env.SKYDECK_OS_AUTH_URL) return process.env as Record<string, string>;
  const file = join(process.env.SKYDECK_OS_LAB_DIR ?? '/tmp/skydeck-openstack-lab', 'lab.env');
  if (!existsSync(file)) return undefined;
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1] as string] = (match[2] as string).replace(/^['"]|['"]$/g, '');
  }
  return env;
}

/** What python-openstackclient lists, one CLI call each, as a sysadmin's script would. */
const cliListings = [
  ['server', 'list', '--all-projects', '--limit', '-1'],
  ['network', 'list'],
  ['subnet', 'list'],
  ['port', 'list'],
  ['router', 'list'],
  ['floating', 'ip', 'list'],
  ['security', 'group', 'list'],
  ['image', 'list'],
  ['volume', 'list', '--all-projects'],
];

async function labPart(): Promise<void> {
  const env = labEnvironment();
  if (!env?.SKYDECK_OS_AUTH_URL) {
    console.log('\n(a) real lab: not measured — no SKYDECK_OS_* variables and no lab.env (start tests/peers/openstack/lab/start.sh).');
    return;
  }
  const cloudsYaml = env.SKYDECK_OS_CLOUDS_YAML as string;
  const statedir = env.SKYDECK_OS_LAB_DIR ?? dirname(cloudsYaml);
  const wanted = Number(args['lab-servers']);
  console.log(`\n(a) real lab at ${env.SKYDECK_OS_AUTH_URL}: making sure it holds ${wanted} seeded servers…`);
  await run(
    join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'peers', 'openstack', 'lab', 'seed-servers.sh'),
    [statedir, String(wanted)],
    { maxBuffer: 1 << 24 },
  );

  const context: ProviderContext = {
    config: {
      id: 'lab',
      name: 'lab',
      kind: 'openstack',
      url: env.SKYDECK_OS_AUTH_URL,
      fields: {
        auth: 'password',
        username: env.SKYDECK_OS_ADMIN_USER as string,
        project: env.SKYDECK_OS_ADMIN_PROJECT ?? 'admin',
        userDomain: 'Default',
        projectDomain: 'Default',
      },
      tls: {},
      createdAt: new Date().toISOString(),
    },
    secrets: { password: env.SKYDECK_OS_ADMIN_PASSWORD as string },
  };
  // A first sync warms the services' token caches, as the CLI warms its own below.
  await measureSync(context);
  const ours = await measureSync(context);
  printFigures('(a) Skydeck full inventory of the lab', ours);

  const cleanEnv = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    OS_CLIENT_CONFIG_FILE: cloudsYaml,
    OS_CLOUD: cloudName(cloudsYaml),
  };
  const cliStarted = performance.now();
  const rows: string[] = [];
  for (const listing of cliListings) {
    const started = performance.now();
    const { stdout } = await run('/usr/bin/python3', ['/usr/bin/openstack', ...listing, '-f', 'value', '-c', 'ID'], {
      env: cleanEnv,
      maxBuffer: 1 << 24,
    });
    rows.push(
      `    openstack ${listing.join(' ')}: ${stdout.trim().split('\n').filter(Boolean).length} rows in ${seconds(performance.now() - started)}`,
    );
  }
  const cliMs = performance.now() - cliStarted;
  console.log('\n(a) python-openstackclient, same resources, one call each (Debian /usr/bin/python3, clean environment)');
  for (const row of rows) console.log(row);
  console.log(`  wall time       ${seconds(cliMs)}`);
  console.log(`\n(a) ratio: Skydeck is ${(cliMs / ours.wallMs).toFixed(1)}× faster than the openstack CLI (target ≥ 10×)`);
}

/** The admin cloud of the lab's clouds.yaml: the first whose user is the admin. */
function cloudName(cloudsYaml: string): string {
  const text = readFileSync(cloudsYaml, 'utf8');
  return /^\s{2}([\w-]*admin[\w-]*):/m.exec(text)?.[1] ?? /^\s{2}([\w-]+):/m.exec(text)?.[1] ?? 'default';
}

async function main(): Promise<void> {
  if (args.serve) return serve();
  if (args.part === 'lab' || args.part === 'both') await labPart();
  if (args.part === 'sim' || args.part === 'both') await simulatorPart();
}

await main();
