/**
 * Full sync of a 50-node, 5,000-guest Proxmox VE simulator, the simulator running in a
 * child process so that its CPU does not land on the connector's event loop.
 * Prints wall time, the connector process's peak RSS and its longest event-loop stall.
 * Targets: under 3 s, under 300 MB, no stall over 50 ms.
 *
 *   npx tsx bench/proxmox-sync.ts [--nodes 50] [--guests 5000] [--concurrency 16]
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ProxmoxProvider } from '../backends/proxmox/provider';
import { startProxmoxSimulator } from '../backends/proxmox/simulator/index';

interface SimulatorHandle {
  url: string;
  fingerprint256: string;
  fields: Record<string, string>;
  secrets: Record<string, string>;
}

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    nodes: { type: 'string', default: '50' },
    guests: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
  },
});

/** Child side: start the simulator and tell the parent where it listens. */
async function serve(): Promise<void> {
  const simulator = await startProxmoxSimulator({
    seed: 42,
    nodes: Number(args.nodes),
    guests: Number(args.guests),
    authFailureDelayMs: 10,
  });
  const handle: SimulatorHandle = {
    url: simulator.url,
    fingerprint256: simulator.fingerprint256 as string,
    fields: simulator.fields,
    secrets: simulator.secrets,
  };
  process.send?.(handle);
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.(process.cpuUsage());
  });
  process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
}

function startChild(): Promise<{ child: ChildProcess; handle: SimulatorHandle }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--nodes', args.nodes, '--guests', args.guests], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (handle) => resolve({ child, handle: handle as SimulatorHandle }));
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
  });
}

/** The simulator's CPU time so far (it runs in the child). */
function childCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (usage) => resolve(((usage as NodeJS.CpuUsage).user + (usage as NodeJS.CpuUsage).system) / 1e6));
    child.send('cpu');
  });
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const { child, handle } = await startChild();
  const provider = new ProxmoxProvider(
    {
      config: {
        id: 'bench',
        name: 'bench',
        kind: 'proxmox',
        url: handle.url,
        fields: handle.fields,
        tls: { pinnedFingerprint: handle.fingerprint256 },
        createdAt: new Date().toISOString(),
      },
      secrets: handle.secrets,
    },
    { concurrency: Number(args.concurrency) },
  );
  const signal = new AbortController().signal;
  const connectStarted = performance.now();
  await provider.connect(signal);
  const connectMs = performance.now() - connectStarted;

  const simulatorCpuBefore = await childCpu(child);
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  stalls.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const counts = { objects: 0, upserts: 0, largestBatch: 0, vms: 0, snapshots: 0 };
  let notes: string[] = [];
  for await (const delta of provider.inventory(signal)) {
    if (delta.op === 'upsert') {
      counts.upserts += 1;
      counts.objects += delta.objects.length;
      counts.largestBatch = Math.max(counts.largestBatch, delta.objects.length);
      for (const object of delta.objects) {
        if (object.kind === 'vm' || object.kind === 'template') counts.vms += 1;
        if (object.kind === 'snapshot') counts.snapshots += 1;
      }
    }
    if (delta.op === 'commit') notes = delta.notes ?? [];
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  stalls.disable();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
  const simulatorCpu = (await childCpu(child)) - simulatorCpuBefore;

  console.log(
    `Proxmox full sync: ${args.nodes} nodes, ${args.guests} guests (simulator in a child process), concurrency ${args.concurrency}`,
  );
  console.log(`  connect                 ${connectMs.toFixed(0)} ms`);
  console.log(`  sync wall time          ${(wallMs / 1000).toFixed(2)} s   (target < 3 s)`);
  console.log(
    `  CPU time                connector ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, simulator ${simulatorCpu.toFixed(2)} s   (${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)})`,
  );
  console.log(`  peak RSS (connector)    ${mb(peakRss)}   (target < 300 MB)`);
  console.log(
    `  longest event-loop stall ${(stalls.max / 1e6).toFixed(1)} ms   (target ≤ 50 ms; p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms)`,
  );
  console.log(
    `  objects ${counts.objects} (guests ${counts.vms}, snapshots ${counts.snapshots}) in ${counts.upserts} upserts, largest ${counts.largestBatch}`,
  );
  if (notes.length > 0) console.log(`  notes: ${notes.join(' | ')}`);
  await provider.close();
  child.disconnect();
}

if (args.serve) void serve();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
