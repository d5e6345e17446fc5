/**
 * vSphere sync benchmark (run with `npx tsx bench/vsphere-sync.ts`). Prints figures, asserts nothing.
 *
 * 1. Against one vcsim with 6,000 VMs (4 DC × 5 clusters × 10 hosts, 250 VMs per pool),
 *    the connector's full sync beside govmomi's own client reading the same properties
 *    (bench/vsphere/govmomi-reference), same vcsim, same run: median times and their ratio.
 * 2. Against Skydeck's simulator with 40,000 VMs in a child process: the connector's wall
 *    time, peak RSS and longest event-loop stall during the sync.
 *
 * Options: --skip-vcsim, --skip-simulator, --runs N (default 3).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { VsphereProvider } from '../backends/vsphere/index';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;

interface Target {
  url: string;
  username: string;
  password: string;
  fingerprint: string;
}

interface SyncFigures {
  ms: number;
  objects: number;
  vms: number;
  /** Longest event-loop delay by the wall clock (includes time the OS gave the CPU to others). */
  maxStallMs: number;
  /** Most CPU time this process used between two ticks of a 5 ms timer: the longest busy stretch, whatever the machine's load. */
  maxBusyMs: number;
  peakRssMb: number;
}

function providerFor(target: Target): VsphereProvider {
  return new VsphereProvider({
    config: {
      id: 'bench',
      name: 'bench',
      kind: 'vsphere',
      url: target.url,
      fields: { username: target.username },
      tls: { pinnedFingerprint: target.fingerprint },
      createdAt: new Date().toISOString(),
    },
    secrets: { password: target.password },
  });
}

/** One full sync, consumed the way the store would (objects counted, then dropped). */
async function timedSync(provider: VsphereProvider): Promise<SyncFigures> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage().rss;
  let maxBusy = 0;
  let cpu = process.cpuUsage();
  const sampler = setInterval(() => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    maxBusy = Math.max(maxBusy, (used.user + used.system) / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  delay.enable();
  const started = performance.now();
  let objects = 0;
  let vms = 0;
  for await (const delta of provider.inventory(AbortSignal.timeout(600_000))) {
    if (delta.op !== 'upsert') continue;
    objects += delta.objects.length;
    vms += delta.objects.filter((o) => o.kind === 'vm' || o.kind === 'template').length;
  }
  const ms = performance.now() - started;
  delay.disable();
  clearInterval(sampler);
  return { ms, objects, vms, maxStallMs: delay.max / 1e6, maxBusyMs: maxBusy, peakRssMb: peakRss / 1024 / 1024 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fixed = (value: number): string => value.toFixed(0);

async function benchVcsim(): Promise<void> {
  console.log('\n== vcsim, 6,000 VMs: connector vs govmomi ==');
  await run(join(repo, 'tests/peers/vsphere/install.sh'), { maxBuffer: 1 << 24 });
  const dir = mkdtempSync(join(tmpdir(), 'skydeck-bench-'));
  const envfile = join(dir, 'vcsim.env');
  const started = performance.now();
  await run(join(repo, 'tests/peers/vsphere/start.sh'), [envfile, '-dc', '4', '-cluster', '5', '-host', '10', '-vm', '250'], {
    maxBuffer: 1 << 24,
  });
  try {
    const env = Object.fromEntries(
      readFileSync(envfile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    const target: Target = {
      url: env.SKYDECK_VCSIM_URL as string,
      username: env.SKYDECK_VCSIM_USER as string,
      password: env.SKYDECK_VCSIM_PASSWORD as string,
      fingerprint: env.SKYDECK_VCSIM_FINGERPRINT as string,
    };
    console.log(`vcsim ready in ${fixed(performance.now() - started)} ms at ${target.url}`);

    // Runs alternate (connector, govmomi, connector, …) so both see the same machine load.
    const provider = providerFor(target);
    await provider.connect(AbortSignal.timeout(60_000));
    await timedSync(provider);
    const referenceArgs = ['-url', target.url, '-user', target.username, '-password', target.password, '-fingerprint', target.fingerprint];
    await run(join(repo, '.cache/peers/govmomi-reference'), [...referenceArgs, '-runs', '1']);
    const connector: SyncFigures[] = [];
    const referenceRuns: { runsMs: number[]; objects: number; vms: number }[] = [];
    for (let i = 0; i < runs; i++) {
      connector.push(await timedSync(provider));
      const { stdout } = await run(join(repo, '.cache/peers/govmomi-reference'), [...referenceArgs, '-runs', '1', '-warmup=false']);
      referenceRuns.push(JSON.parse(stdout) as { runsMs: number[]; objects: number; vms: number });
    }
    await provider.close();
    const reference = { ...(referenceRuns[0] as { objects: number; vms: number }), runsMs: referenceRuns.flatMap((r) => r.runsMs) };
    const referenceMs = median(reference.runsMs);

    const connectorMs = median(connector.map((c) => c.ms));
    console.log(
      `connector: ${connector[0]?.objects} model objects (${connector[0]?.vms} VMs), runs ${connector.map((c) => fixed(c.ms)).join(' / ')} ms, median ${fixed(connectorMs)} ms`,
    );
    console.log(
      `govmomi:   ${reference.objects} managed objects (${reference.vms} VMs), runs ${reference.runsMs.map(fixed).join(' / ')} ms, median ${fixed(referenceMs)} ms`,
    );
    console.log(
      `ratio connector / govmomi (medians): ${(connectorMs / referenceMs).toFixed(2)} (target <= 1.0); machine load average ${loadavg()[0]?.toFixed(1)}`,
    );
  } finally {
    await run(join(repo, 'tests/peers/vsphere/stop.sh'), [envfile]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSimulator(): Promise<void> {
  console.log('\n== Skydeck simulator, 40,000 VMs (child process) ==');
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'bench/vsphere/simulator-server.ts')], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
    });
    console.log(
      `machine load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
    const info = JSON.parse(line) as {
      url: string;
      fields: { username: string };
      secrets: { password: string };
      fingerprint: string;
      buildMs: number;
      rssMb: number;
    };
    console.log(`simulator built the lab in ${info.buildMs} ms (its RSS ${info.rssMb} MB)`);
    const provider = providerFor({
      url: info.url,
      username: info.fields.username,
      password: info.secrets.password,
      fingerprint: info.fingerprint,
    });
    await provider.connect(AbortSignal.timeout(60_000));
    const results: SyncFigures[] = [];
    for (let i = 0; i < runs; i++) results.push(await timedSync(provider));
    await provider.close();
    for (const [i, r] of results.entries()) {
      console.log(
        `sync ${i + 1}: ${r.objects} objects (${r.vms} VMs) in ${fixed(r.ms)} ms, peak RSS ${fixed(r.peakRssMb)} MB (target < 500), ` +
          `longest event-loop stall ${r.maxStallMs.toFixed(1)} ms wall / ${r.maxBusyMs.toFixed(1)} ms busy (target < 50)`,
      );
    }
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (!args.includes('--skip-vcsim')) await benchVcsim();
if (!args.includes('--skip-simulator')) await benchSimulator();
