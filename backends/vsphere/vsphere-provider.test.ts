import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSkydeckError } from '../../common/errors/skydeck-error';
import { startTestLab, type TestLab } from './test-lab';
import { sdkEndpoint, VsphereProvider } from './vsphere-provider';
import { vsphereProvider } from './index';

describe('vSphere provider', () => {
  it('accepts a host name, a URL or the SDK URL', () => {
    expect(sdkEndpoint('vc.example.com')).toEqual({ origin: 'https://vc.example.com', path: '/sdk' });
    expect(sdkEndpoint('https://vc.example.com:8443/')).toEqual({ origin: 'https://vc.example.com:8443', path: '/sdk' });
    expect(sdkEndpoint('https://esx1/sdk')).toEqual({ origin: 'https://esx1', path: '/sdk' });
    expect(() => sdkEndpoint('https://')).toThrow(/not a vCenter/);
  });

  it('is registered as the vsphere module and wants a user and a password', () => {
    expect(vsphereProvider.kind).toBe('vsphere');
    const config = {
      id: 'c',
      name: 'prod vCenter',
      kind: 'vsphere' as const,
      url: 'vc.example.com',
      fields: { username: 'admin' },
      tls: {},
      createdAt: '',
    };
    let error: unknown;
    try {
      vsphereProvider.create({ config, secrets: {} });
    } catch (thrown) {
      error = thrown;
    }
    expect(isSkydeckError(error) && error.code).toBe('invalid-input');
    expect((error as Error).message).toContain('prod vCenter');
    expect(vsphereProvider.create({ config, secrets: { password: 'x' } })).toBeInstanceOf(VsphereProvider);
  });

  describe('against the simulator', () => {
    let lab: TestLab;
    beforeAll(async () => {
      lab = await startTestLab({ knobs: { webmks: true } });
    });
    afterAll(() => lab.close());

    it('says which consoles and metrics it cannot give', async () => {
      const objects = [];
      for await (const delta of lab.provider.inventory(AbortSignal.timeout(10_000)))
        if (delta.op === 'upsert') objects.push(...delta.objects);
      const vm = objects.find((o) => o.kind === 'vm' && o.state === 'running');
      const datastore = objects.find((o) => o.kind === 'storage');
      if (!vm || !datastore) throw new Error('lab lacks a running VM or a datastore');
      await expect(lab.provider.console(vm.id, 'vnc', AbortSignal.timeout(10_000))).rejects.toMatchObject({ code: 'unsupported' });
      await expect(lab.provider.console(datastore.id, 'vmrc', AbortSignal.timeout(10_000))).rejects.toMatchObject({
        code: 'invalid-input',
      });
      await expect(lab.provider.console('other/vm/vm-1', 'vmrc', AbortSignal.timeout(10_000))).rejects.toMatchObject({
        code: 'invalid-input',
      });
      const result = await lab.provider.metrics({ targets: [datastore.id] }, AbortSignal.timeout(10_000));
      expect(result.series).toEqual([]);
      expect(result.unavailable[0]).toMatch(/VMs and hosts only/);
      expect(await lab.provider.console(vm.id, 'webmks', AbortSignal.timeout(10_000))).toMatchObject({
        kind: 'webmks',
        url: expect.stringMatching(/^wss:/),
      });
    });

    it('refuses actions without what they need', async () => {
      const objects = [];
      for await (const delta of lab.provider.inventory(AbortSignal.timeout(10_000)))
        if (delta.op === 'upsert') objects.push(...delta.objects);
      const vm = objects.find((o) => o.kind === 'vm');
      if (!vm) throw new Error('no VM');
      await expect(lab.provider.act({ action: 'migrate', target: vm.id }, AbortSignal.timeout(10_000))).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(/destination/),
      });
      await expect(lab.provider.act({ action: 'clone', target: vm.id }, AbortSignal.timeout(10_000))).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(/name/),
      });
      await expect(lab.provider.act({ action: 'snapshot.revert', target: vm.id }, AbortSignal.timeout(10_000))).rejects.toMatchObject({
        code: 'invalid-input',
      });
    });
  });
});
