import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectId } from '../../common/model/inventory';
import type { MetricsResult } from '../../common/model/operations';
import { createOpenstackProvider, type OpenstackProvider } from './index';
import { simulatorContext } from './simulator/connection-for';
import { startOpenstackSimulator, type OpenstackSimulator } from './simulator/index';

const never = new AbortController().signal;
const metricsOf = (result: MetricsResult, target: string): Record<string, number[]> =>
  Object.fromEntries(
    result.series.filter((series) => series.target === target).map((series) => [series.metric, series.points.map((point) => point.v)]),
  );

describe('metrics without telemetry', () => {
  let simulator: OpenstackSimulator;
  let admin: OpenstackProvider;
  let member: OpenstackProvider;
  let server: string;
  let host: string;
  let volume: string;

  beforeAll(async () => {
    simulator = await startOpenstackSimulator({ seed: 12, size: { servers: 6, volumes: 3 } });
    admin = createOpenstackProvider(simulatorContext(simulator));
    member = createOpenstackProvider(simulatorContext(simulator, simulator.demo));
    const running = [...simulator.cloud.servers.values()].find((candidate) => candidate.vmState === 'active' && candidate.hypervisorId);
    server = objectId('sim', 'vm', running?.id ?? '');
    host = objectId('sim', 'host', running?.hypervisorId ?? '');
    volume = objectId('sim', 'storage', [...simulator.cloud.volumes.values()][0]?.id ?? '');
  });
  afterAll(async () => {
    await admin.close();
    await member.close();
    await simulator.close();
  });

  it('reads a server’s CPU and memory from diagnostics, and its rates from the second sample on', async () => {
    const first = await admin.metrics({ targets: [server] }, never);
    expect(metricsOf(first, server)).toEqual({ 'cpu.usage': [0.15], 'memory.total': [524288 * 1024 ** 2], 'memory.used': [0] });
    expect(first.unavailable.join('\n')).toMatch(/two samples/);
    const second = await admin.metrics({ targets: [server] }, never);
    expect(Object.keys(metricsOf(second, server))).toEqual(expect.arrayContaining(['disk.read', 'disk.write', 'net.in', 'net.out']));
    expect(second.unavailable.join('\n')).not.toMatch(/two samples/);
  });

  it('reads a hypervisor’s capacity and allocations from Placement, and says they are allocations', async () => {
    const result = await admin.metrics({ targets: [host] }, never);
    const values = metricsOf(result, host);
    expect(values['memory.total']).toEqual([262_144 * 1024 ** 2]);
    expect(values['disk.total']).toEqual([2_000 * 1024 ** 3]);
    expect(values['memory.used']?.[0]).toBeGreaterThan(0);
    expect(result.unavailable.join('\n')).toMatch(/allocations/);
    expect(result.unavailable.join('\n')).toMatch(/CPU load/);
  });

  it('gives a volume’s size and says what Cinder cannot know', async () => {
    const result = await admin.metrics({ targets: [volume] }, never);
    expect(metricsOf(result, volume)['disk.total']?.[0]).toBeGreaterThan(0);
    expect(result.unavailable.join('\n')).toMatch(/how full a volume is/);
  });

  it('tells a project member that server metrics need the admin role, and history needs Gnocchi', async () => {
    const live = await member.metrics({ targets: [server] }, never);
    expect(live.series).toEqual([]);
    expect(live.unavailable.join('\n')).toMatch(/admin role/);
    const history = await admin.metrics({ targets: [server], history: { range: 'day', aggregate: 'average' } }, never);
    expect(history.series).toEqual([]);
    expect(history.unavailable.join('\n')).toMatch(/Gnocchi/);
    const network = await admin.metrics({ targets: [objectId('sim', 'network', 'x')] }, never);
    expect(network.unavailable.join('\n')).toMatch(/no metrics for network objects/);
  });
});

describe('metrics with Gnocchi in the catalog', () => {
  it('reads server history and live values from Gnocchi measures', async () => {
    const simulator = await startOpenstackSimulator({ seed: 12, size: { servers: 4, volumes: 0 }, telemetry: true });
    const provider = createOpenstackProvider(simulatorContext(simulator));
    try {
      expect((await provider.connect(never)).capabilities).toContain('metric');
      const running = [...simulator.cloud.servers.values()].find((candidate) => candidate.vmState === 'active');
      const target = objectId('sim', 'vm', running?.id ?? '');
      const day = await provider.metrics({ targets: [target], history: { range: 'day', aggregate: 'average' } }, never);
      const values = metricsOf(day, target);
      expect(values['cpu.usage']?.length).toBeGreaterThan(200);
      expect(values['cpu.usage']?.every((value) => value >= 0 && value <= 1)).toBe(true);
      expect(values['memory.used']?.length).toBeGreaterThan(200);
      const live = await provider.metrics({ targets: [target] }, never);
      expect(metricsOf(live, target)['cpu.usage']).toHaveLength(1);
      const gone = await provider.metrics({ targets: [objectId('sim', 'vm', 'no-such-server')] }, never);
      expect(gone.unavailable.join('\n')).toMatch(/Gnocchi has no measures/);
    } finally {
      await provider.close();
      await simulator.close();
    }
  });
});
