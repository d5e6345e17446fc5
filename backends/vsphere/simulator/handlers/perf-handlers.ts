import { escapeXml, leaf } from '../../soap/envelope';
import { child, childrenNamed, moRefOf, numberAt, textAt } from '../../soap/xml-node';
import { counterDefinitions, realtimeInterval, retentionSeconds, sampleValue } from '../model/perf-model';
import { invalidArgument, notFound, type Handler } from './call-context';

/** QueryPerf: deterministic samples for hosts and VMs at realtime or (when kept) historical intervals. */
export const queryPerf: Handler = ({ state, request }) => {
  let xml = '';
  for (const spec of childrenNamed(request.args, 'querySpec')) {
    const entityRef = moRefOf(child(spec, 'entity'));
    const entity = state.inventory.get(entityRef);
    if (!entityRef || !entity) throw notFound(entityRef ?? { type: 'ManagedEntity', value: '?' });
    const interval = numberAt(spec, 'intervalId') ?? realtimeInterval;
    const retention = retentionSeconds(interval);
    if (retention === undefined || (interval !== realtimeInterval && !state.knobs.historicalStatistics)) throw invalidArgument('interval');
    if (entity.type !== 'VirtualMachine' && entity.type !== 'HostSystem') continue;
    const powered = entity.type === 'VirtualMachine' ? entity.powerState === 'poweredOn' : entity.connectionState === 'connected';
    const memoryKB = entity.type === 'VirtualMachine' ? entity.memoryMB * 1024 : entity.memoryBytes / 1024;

    const nowSeconds = Math.floor(Date.now() / 1000);
    const endTime = textAt(spec, 'endTime');
    const startTime = textAt(spec, 'startTime');
    const end = Math.floor((endTime ? Date.parse(endTime) / 1000 : nowSeconds) / interval) * interval;
    const start = Math.max(startTime ? Date.parse(startTime) / 1000 : end - retention, nowSeconds - retention);
    let times: number[] = [];
    for (let t = end; t > start && times.length < 10_000; t -= interval) times.push(t);
    times.reverse();
    const maxSample = numberAt(spec, 'maxSample');
    if (maxSample && maxSample > 0) times = times.slice(-maxSample);

    let series = '';
    for (const metric of childrenNamed(spec, 'metricId')) {
      const counter = counterDefinitions.find((c) => c.key === numberAt(metric, 'counterId'));
      if (!counter) continue;
      const values = times.map((t) => leaf('value', sampleValue(entityRef, counter, t, memoryKB, powered))).join('');
      series += `<value xsi:type="PerfMetricIntSeries"><id>${leaf('counterId', counter.key)}<instance></instance></id>${values}</value>`;
    }
    const samples = times
      .map((t) => `<sampleInfo>${leaf('timestamp', new Date(t * 1000).toISOString())}${leaf('interval', interval)}</sampleInfo>`)
      .join('');
    xml += `<returnval xsi:type="PerfEntityMetric"><entity type="${entityRef.type}">${escapeXml(entityRef.value)}</entity>${samples}${series}</returnval>`;
  }
  return xml;
};

export const queryPerfProviderSummary: Handler = ({ state, request }) => {
  const entity = moRefOf(child(request.args, 'entity'));
  if (!entity || !state.inventory.get(entity)) throw notFound(entity ?? { type: 'ManagedEntity', value: '?' });
  const realtime = entity.type === 'VirtualMachine' || entity.type === 'HostSystem';
  return (
    `<returnval><entity type="${entity.type}">${escapeXml(entity.value)}</entity>` +
    leaf('currentSupported', realtime) +
    leaf('summarySupported', true) +
    (realtime ? leaf('refreshRate', realtimeInterval) : '') +
    '</returnval>'
  );
};
