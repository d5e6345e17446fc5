import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TruthClient } from '../../../tests/peers/vsphere/truth-client';
import { hostileVmName, startVsphereSimulator, type VsphereSimulator } from './index';

const login = (simulator: VsphereSimulator): Promise<TruthClient> =>
  TruthClient.login(
    simulator.url,
    simulator.fields.username as string,
    simulator.secrets.password as string,
    simulator.fingerprint256 as string,
  );

const viewSpec = (view: string, type: string, paths: string[]): string =>
  `<specSet><propSet><type>${type}</type>${paths.map((p) => `<pathSet>${p}</pathSet>`).join('')}</propSet>` +
  `<objectSet><obj type="ContainerView">${view}</obj><skip>true</skip><selectSet xsi:type="TraversalSpec"><name>v</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet></specSet>`;

describe('vSphere simulator', () => {
  let simulator: VsphereSimulator;
  let truth: TruthClient;
  let view: string;

  beforeAll(async () => {
    simulator = await startVsphereSimulator({ seed: 7, knobs: { webmks: true, historicalStatistics: false } });
    truth = await login(simulator);
    const created = await truth.call(
      'ViewManager',
      'ViewManager',
      'CreateContainerView',
      '<container type="Folder">group-d1</container><recursive>true</recursive>',
    );
    view = /<returnval type="ContainerView">([^<]+)</.exec(created)?.[1] as string;
  });
  afterAll(async () => {
    await truth.close();
    await simulator.close();
  });

  it('builds the demo lab: 1 datacenter, 2 clusters, 6 hosts, 40 VMs, templates, snapshots, a DVS', async () => {
    const vms = await truth.list('VirtualMachine', ['name', 'config.template', 'snapshot']);
    expect(vms.filter((vm) => vm.props.get('config.template') === 'false')).toHaveLength(40);
    expect(vms.filter((vm) => vm.props.get('config.template') === 'true').length).toBeGreaterThan(0);
    expect(await truth.list('HostSystem')).toHaveLength(6);
    expect(await truth.list('ClusterComputeResource')).toHaveLength(2);
    expect(await truth.list('Datacenter')).toHaveLength(1);
    expect((await truth.list('DistributedVirtualPortgroup')).length).toBeGreaterThan(1);
    expect(vms.map((vm) => vm.props.get('name'))).toContain(hostileVmName);
  });

  it('builds the same lab from the same seed', async () => {
    const twin = await startVsphereSimulator({ seed: 7 });
    const other = await login(twin);
    try {
      const describe = async (client: TruthClient) =>
        (await client.list('VirtualMachine', ['name', 'config.uuid'])).map(
          (vm) => `${vm.id} ${vm.props.get('name')} ${vm.props.get('config.uuid')}`,
        );
      expect(await describe(other)).toEqual(await describe(truth));
    } finally {
      await other.close();
      await twin.close();
    }
  });

  it('pages RetrievePropertiesEx with tokens and forgets finished ones', async () => {
    const first = await truth.call(
      'PropertyCollector',
      'propertyCollector',
      'RetrievePropertiesEx',
      `${viewSpec(view, 'VirtualMachine', ['name'])}<options><maxObjects>15</maxObjects></options>`,
    );
    const token = /<token>([^<]+)<\/token>/.exec(first)?.[1] as string;
    expect(first.match(/<objects>/g)).toHaveLength(15);
    const second = await truth.call('PropertyCollector', 'propertyCollector', 'ContinueRetrievePropertiesEx', `<token>${token}</token>`);
    expect(second.match(/<objects>/g)).toHaveLength(15);
    await expect(
      truth.call('PropertyCollector', 'propertyCollector', 'ContinueRetrievePropertiesEx', `<token>${token}</token>`),
    ).rejects.toThrow(/token/);
  });

  it('writes names as escaped text on the wire', async () => {
    const answer = await truth.call(
      'PropertyCollector',
      'propertyCollector',
      'RetrieveProperties',
      viewSpec(view, 'VirtualMachine', ['name']),
    );
    expect(answer).toContain('xss-test &lt;img src=x onerror=alert(1)&gt;');
    expect(answer).not.toContain('<img');
  });

  it('refuses unknown properties, unknown methods, calls without a session and wrong passwords', async () => {
    await expect(
      truth.call('PropertyCollector', 'propertyCollector', 'RetrieveProperties', viewSpec(view, 'VirtualMachine', ['noSuchThing'])),
    ).rejects.toThrow(/no property/);
    await expect(truth.call('VirtualMachine', 'vm-999999', 'UpgradeTools_Task')).rejects.toThrow(/does not implement/);
    await expect(
      TruthClient.login(simulator.url, 'administrator@vsphere.local', 'wrong', simulator.fingerprint256 as string),
    ).rejects.toThrow(/incorrect user name or password/);
    simulator.control.expireSessions();
    await expect(truth.call('ServiceInstance', 'ServiceInstance', 'CurrentTime')).rejects.toThrow(/not authenticated/);
    truth = await login(simulator);
    const created = await truth.call(
      'ViewManager',
      'ViewManager',
      'CreateContainerView',
      '<container type="Folder">group-d1</container><recursive>true</recursive>',
    );
    view = /<returnval type="ContainerView">([^<]+)</.exec(created)?.[1] as string;
  });

  it('truncates update sets at maxObjectUpdates and continues from the version it gave', async () => {
    const collector = /<returnval type="PropertyCollector">([^<]+)</.exec(
      await truth.call('PropertyCollector', 'propertyCollector', 'CreatePropertyCollector'),
    )?.[1] as string;
    await truth.call(
      'PropertyCollector',
      collector,
      'CreateFilter',
      `${viewSpec(view, 'VirtualMachine', ['name']).replace('specSet', 'spec').replace('</specSet>', '</spec>')}<partialUpdates>false</partialUpdates>`,
    );
    let version = '';
    let entered = 0;
    for (let calls = 0; calls < 20; calls++) {
      const answer = await truth.call(
        'PropertyCollector',
        collector,
        'WaitForUpdatesEx',
        `<version>${version}</version><options><maxWaitSeconds>0</maxWaitSeconds><maxObjectUpdates>12</maxObjectUpdates></options>`,
      );
      entered += (answer.match(/<kind>enter<\/kind>/g) ?? []).length;
      version = /<version>([^<]+)<\/version>/.exec(answer)?.[1] as string;
      if (!answer.includes('<truncated>true</truncated>')) break;
    }
    expect(entered).toBe((await truth.list('VirtualMachine')).length);
    const quiet = await truth.call(
      'PropertyCollector',
      collector,
      'WaitForUpdatesEx',
      `<version>${version}</version><options><maxWaitSeconds>0</maxWaitSeconds></options>`,
    );
    expect(quiet).not.toContain('<returnval>');
    simulator.control.forgetChangeHistory();
    await expect(
      truth.call(
        'PropertyCollector',
        collector,
        'WaitForUpdatesEx',
        `<version>${version}</version><options><maxWaitSeconds>0</maxWaitSeconds></options>`,
      ),
    ).rejects.toThrow(/collector version/);
  });

  it('issues WebMKS tickets when allowed, and keeps only realtime statistics when told to', async () => {
    const vms = await truth.list('VirtualMachine', ['runtime.powerState']);
    const running = vms.find((vm) => vm.props.get('runtime.powerState') === 'poweredOn')?.id as string;
    expect(await truth.call('VirtualMachine', running, 'AcquireTicket', '<ticketType>webmks</ticketType>')).toMatch(
      /<url>wss:\/\/127\.0\.0\.1:\d+\/ticket\//,
    );
    const query = (interval: number): Promise<string> =>
      truth.call(
        'PerformanceManager',
        'PerfMgr',
        'QueryPerf',
        `<querySpec><entity type="VirtualMachine">${running}</entity><maxSample>3</maxSample><metricId><counterId>2</counterId><instance></instance></metricId><intervalId>${interval}</intervalId></querySpec>`,
      );
    expect((await query(20)).match(/<sampleInfo>/g)).toHaveLength(3);
    await expect(query(300)).rejects.toThrow(/interval/);
  });
});
