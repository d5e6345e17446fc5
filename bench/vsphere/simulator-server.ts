/**
 * Runs the vSphere simulator with the benchmark lab (40,000 VMs) in its own process, for
 * bench/vsphere-sync.ts. Prints one JSON line (url, credentials, fingerprint) once it
 * listens; exits when its parent closes stdin.
 */
import { startVsphereSimulator } from '../../backends/vsphere/simulator/index';

const started = performance.now();
const simulator = await startVsphereSimulator({ size: 'benchmark' });
process.stdout.write(
  `${JSON.stringify({
    url: simulator.url,
    fields: simulator.fields,
    secrets: simulator.secrets,
    fingerprint: simulator.fingerprint256,
    buildMs: Math.round(performance.now() - started),
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void simulator.close().then(() => process.exit(0));
});
