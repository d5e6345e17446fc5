import { vsphereContract } from './contract';

/**
 * The vSphere contract against vcsim, started by tests/peers/vsphere/start.sh.
 * Fails (never skips) when the SKYDECK_VCSIM_* variables are missing.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: start vcsim with tests/peers/vsphere/start.sh <envfile> and export the file's variables.`);
  return value;
}

vsphereContract({
  name: 'vcsim',
  simulatorKnobs: false,
  start: async () => ({
    url: required('SKYDECK_VCSIM_URL'),
    username: required('SKYDECK_VCSIM_USER'),
    password: required('SKYDECK_VCSIM_PASSWORD'),
    fingerprint: required('SKYDECK_VCSIM_FINGERPRINT'),
    capabilities: { guestReboot: false, webmks: false, historicalStatistics: false, guestAddresses: false },
    close: async () => undefined,
  }),
});
