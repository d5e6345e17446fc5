import { describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/fixtures';
import { parseXml } from '../soap/xml-reader';
import { child, type XmlNode } from '../soap/xml-node';
import { seriesFromPerf, seriesFromQuickStats } from './map-perf';

const answerOf = (xml: string): XmlNode => child(child(parseXml(xml), 'Body'), 'QueryPerfResponse') as XmlNode;

describe('performance samples as metric series', () => {
  const counters = new Map([
    [2, { metric: 'cpu.usage' as const, scale: 1 / 10_000 }],
    [98, { metric: 'memory.used' as const, scale: 1024 }],
    [148, { metric: 'net.in' as const, scale: 1024 }],
  ]);

  it("maps vcsim's newest-first samples to time-ordered series in model units, aggregates only", () => {
    const series = seriesFromPerf(answerOf(fixture('vcsim-perf.xml')), counters, (key) =>
      key === 'VirtualMachine:vm-60' ? 'vc1/vm/vm-60' : undefined,
    );
    expect(series.map((s) => s.metric)).toEqual(['cpu.usage', 'memory.used']);
    const cpu = series[0]?.points ?? [];
    expect(cpu.map((p) => Math.round(p.v * 10_000))).toEqual([275, 421, 630]);
    expect(cpu.map((p) => p.t)).toEqual([...cpu.map((p) => p.t)].sort((a, b) => a - b));
    expect(series[1]?.points[2]?.v).toBe(11811391 * 1024);
  });

  it('drops the -1 a server sends for a missing sample, and entities nobody asked for', () => {
    const xml =
      '<Envelope><Body><QueryPerfResponse><returnval xsi:type="PerfEntityMetric"><entity type="HostSystem">host-9</entity>' +
      '<sampleInfo><timestamp>2026-11-29T10:00:00Z</timestamp><interval>300</interval></sampleInfo><sampleInfo><timestamp>2026-11-29T10:05:00Z</timestamp><interval>300</interval></sampleInfo>' +
      '<value xsi:type="PerfMetricIntSeries"><id><counterId>2</counterId><instance></instance></id><value>-1</value><value>5000</value></value></returnval>' +
      '<returnval xsi:type="PerfEntityMetric"><entity type="HostSystem">host-10</entity></returnval></QueryPerfResponse></Body></Envelope>';
    const series = seriesFromPerf(answerOf(xml), counters, (key) => (key === 'HostSystem:host-9' ? 'vc1/host/host-9' : undefined));
    expect(series).toEqual([
      { target: 'vc1/host/host-9', metric: 'cpu.usage', points: [{ t: Date.parse('2026-11-29T10:05:00Z'), v: 0.5 }] },
    ]);
  });

  it('reads quickStats against the host size', () => {
    const props = new Map(
      Object.entries({
        'summary.quickStats.overallCpuUsage': '1000',
        'summary.quickStats.overallMemoryUsage': '2048',
        'summary.hardware.cpuMhz': '2000',
        'summary.hardware.numCpuCores': '2',
        'summary.hardware.memorySize': '8589934592',
      }).map(([path, value]) => [path, parseXml(`<val>${value}</val>`)]),
    );
    const series = seriesFromQuickStats({ ref: { type: 'HostSystem', value: 'host-9' }, props }, 'vc1/host/host-9', 1000);
    expect(series).toEqual([
      { target: 'vc1/host/host-9', metric: 'cpu.usage', points: [{ t: 1000, v: 0.25 }] },
      { target: 'vc1/host/host-9', metric: 'memory.used', points: [{ t: 1000, v: 2048 * 1024 * 1024 }] },
      { target: 'vc1/host/host-9', metric: 'memory.total', points: [{ t: 1000, v: 8589934592 }] },
    ]);
  });
});
