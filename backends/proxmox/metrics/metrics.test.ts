import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../common/model/operations';
import type { LabGuest } from '../simulator/lab';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../simulator/index';
import { collect, labProvider, never } from '../testing/lab-connection';
import type { ProxmoxProvider } from '../provider';

describe('Proxmox metrics against the simulator', () => {
  let simulator: ProxmoxSimulator;
  let provider: ProxmoxProvider;

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({ seed: 21, nodes: 2, guests: 10, authFailureDelayMs: 10 });
    provider = labProvider(simulator, { rateWindowMs: 250 });
    await collect(provider.inventory(never));
  });
  afterAll(async () => {
    await provider.close();
    await simulator.close();
  });

  const guest = (test: (candidate: LabGuest) => boolean): LabGuest =>
    [...simulator.lab.guests.values()].find((candidate) => !candidate.template && test(candidate)) as LabGuest;
  const value = (series: MetricSeries[], target: string, metric: string): number | undefined =>
    series.find((entry) => entry.target === target && entry.metric === metric)?.points.at(-1)?.v;

  it('samples a running VM live, network and disk rates from two counter readings', async () => {
    const vm = guest((candidate) => candidate.status === 'running' && candidate.type === 'qemu');
    const target = `lab/vm/${vm.vmid}`;
    const { series, unavailable } = await provider.metrics({ targets: [target] }, never);
    expect(unavailable).toEqual([]);
    expect(value(series, target, 'memory.total')).toBe(Number(vm.config.memory) * 1024 * 1024);
    const cpu = value(series, target, 'cpu.usage') as number;
    expect(cpu).toBeGreaterThan(0);
    expect(cpu).toBeLessThanOrEqual(1);
    for (const rate of ['net.in', 'net.out', 'disk.read', 'disk.write']) expect(value(series, target, rate), rate).toBeGreaterThan(0);
    // The next sample has the previous one to compare with: one status call, no pause.
    const again = await provider.metrics({ targets: [target] }, never);
    expect(value(again.series, target, 'net.in')).toBeGreaterThan(0);
  });

  it('samples nodes (network from their rrd) and shared storage', async () => {
    const { series, unavailable } = await provider.metrics({ targets: ['lab/host/pve1', 'lab/storage/ceph-vm'] }, never);
    expect(unavailable).toEqual([]);
    for (const metric of ['cpu.usage', 'memory.used', 'memory.total', 'disk.used', 'disk.total', 'net.in', 'net.out']) {
      expect(value(series, 'lab/host/pve1', metric), metric).toBeGreaterThan(0);
    }
    expect(value(series, 'lab/storage/ceph-vm', 'disk.total')).toBe(20 * 1024 ** 4);
  });

  it('reads history as rrd rows, MAX never below AVERAGE', async () => {
    const vm = guest((candidate) => candidate.status === 'running');
    const target = `lab/vm/${vm.vmid}`;
    const average = await provider.metrics({ targets: [target], history: { range: 'day', aggregate: 'average' } }, never);
    const max = await provider.metrics({ targets: [target], history: { range: 'day', aggregate: 'max' } }, never);
    const cpuOf = (series: MetricSeries[]) => series.find((entry) => entry.metric === 'cpu.usage')?.points ?? [];
    expect(cpuOf(average.series)).toHaveLength(70);
    expect(cpuOf(average.series)[1]!.t - cpuOf(average.series)[0]!.t).toBe(1800_000);
    cpuOf(max.series).forEach((point, index) => expect(point.v).toBeGreaterThanOrEqual(cpuOf(average.series)[index]!.v));
  });

  it('names what it cannot measure and still answers for the rest', async () => {
    const { username, password } = simulator.accounts.auditor;
    const auditor = labProvider(simulator, {}, { username }, { password });
    const vm = guest((candidate) => candidate.snapshots.length > 0);
    const snapshot = `lab/snapshot/${vm.vmid}/${vm.snapshots[0]?.name}`;
    const { series, unavailable } = await auditor.metrics(
      { targets: ['lab/host/pve1', snapshot, `lab/vm/${vm.vmid}`], history: { range: 'hour', aggregate: 'average' } },
      never,
    );
    expect(unavailable).toEqual([
      `${snapshot}: Proxmox VE keeps no metrics for snapshots.`,
      expect.stringMatching(
        /^lab\/host\/pve1: This account may not GET \/nodes\/pve1\/rrddata .*Permission check failed \(\/nodes\/pve1, Sys.Audit\)/,
      ),
    ]);
    expect(series.every((entry) => entry.target === `lab/vm/${vm.vmid}`)).toBe(true);
    expect(series.length).toBeGreaterThan(0);
    await auditor.close();
  });
});
