import { vsphereContract } from '../../tests/peers/vsphere/contract';
import { startVsphereSimulator } from './simulator/index';

/** The same contract as against vcsim, against Skydeck's own simulator: the two must agree. */
vsphereContract({
  name: 'the Skydeck simulator',
  simulatorKnobs: true,
  start: async () => {
    const simulator = await startVsphereSimulator({ knobs: { taskDurationMs: 60 } });
    return {
      url: simulator.url,
      username: simulator.fields.username as string,
      password: simulator.secrets.password as string,
      fingerprint: simulator.fingerprint256 as string,
      capabilities: { guestReboot: true, webmks: false, historicalStatistics: true, guestAddresses: true },
      simulator: { control: simulator.control, faults: simulator.faults },
      close: () => simulator.close(),
    };
  },
});
