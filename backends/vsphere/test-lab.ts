import { VsphereProvider, type VsphereProviderOptions } from './vsphere-provider';
import { startVsphereSimulator, type VsphereSimulator, type VsphereSimulatorOptions } from './simulator/index';

/** A simulator and a provider connected to it, for the vSphere unit tests. */
export interface TestLab {
  simulator: VsphereSimulator;
  provider: VsphereProvider;
  newProvider(options?: VsphereProviderOptions): VsphereProvider;
  close(): Promise<void>;
}

export async function startTestLab(
  simulatorOptions: VsphereSimulatorOptions = {},
  providerOptions: VsphereProviderOptions = {},
): Promise<TestLab> {
  const simulator = await startVsphereSimulator({ knobs: { taskDurationMs: 40 }, ...simulatorOptions });
  const providers: VsphereProvider[] = [];
  const newProvider = (options: VsphereProviderOptions = providerOptions): VsphereProvider => {
    const provider = new VsphereProvider(
      {
        config: {
          id: 'lab',
          name: 'test lab',
          kind: 'vsphere',
          url: simulator.url,
          fields: simulator.fields,
          tls: { pinnedFingerprint: simulator.fingerprint256 as string },
          createdAt: new Date().toISOString(),
        },
        secrets: simulator.secrets,
      },
      options,
    );
    providers.push(provider);
    return provider;
  };
  const provider = newProvider();
  return {
    simulator,
    provider,
    newProvider,
    close: async () => {
      for (const created of providers) await created.close();
      await simulator.close();
    },
  };
}
