import { describe, expect, it } from 'vitest';
import { chooseRegion, findEndpoint, serviceRoot, versionDocumentUrl, type CatalogService } from './catalog';

const endpoints = (url: string, region = 'RegionOne'): CatalogService['endpoints'] =>
  (['public', 'internal', 'admin'] as const).map((endpointInterface) => ({
    interface: endpointInterface,
    region_id: region,
    region,
    url: endpointInterface === 'public' ? url : url.replace('https://cloud', `https://${endpointInterface}`),
  }));

/** The catalog of a Keystone token, as a real Zed lab returns it (ports, no path prefixes). */
const catalog: CatalogService[] = [
  { type: 'compute', name: 'nova', endpoints: endpoints('https://cloud:8774/v2.1') },
  { type: 'volumev3', name: 'cinderv3', endpoints: endpoints('https://cloud:8776/v3/4a7b') },
  { type: 'network', name: 'neutron', endpoints: [...endpoints('https://cloud:9696'), ...endpoints('https://cloud-b:9696', 'RegionTwo')] },
  { type: 'image', name: 'glance', endpoints: endpoints('https://cloud:9292/') },
];

describe('service catalog', () => {
  it('finds a service by any of its catalog types, for a region and an interface', () => {
    expect(findEndpoint(catalog, 'block-storage', 'RegionOne', 'public')).toBe('https://cloud:8776/v3/4a7b');
    expect(findEndpoint(catalog, 'compute', 'RegionOne', 'internal')).toBe('https://internal:8774/v2.1');
    expect(findEndpoint(catalog, 'network', 'RegionTwo', 'public')).toBe('https://cloud-b:9696');
    expect(findEndpoint(catalog, 'image', 'RegionOne', 'public')).toBe('https://cloud:9292');
    expect(findEndpoint(catalog, 'placement', 'RegionOne', 'public')).toBeUndefined();
  });

  it('chooses the region asked for, the only one, or the first with a note', () => {
    expect(chooseRegion(catalog, 'RegionTwo')).toEqual({ region: 'RegionTwo' });
    expect(chooseRegion(catalog, undefined)).toEqual({ region: 'RegionOne', note: expect.stringContaining('RegionOne, RegionTwo') });
    expect(() => chooseRegion(catalog, 'Mars')).toThrow(/it has: RegionOne, RegionTwo/);
  });

  it('adds the version segment a catalog leaves out, and keeps the one it gives', () => {
    expect(serviceRoot('network', 'https://cloud:9696', 'p')).toBe('https://cloud:9696/v2.0');
    expect(serviceRoot('network', 'https://cloud/networking', 'p')).toBe('https://cloud/networking/v2.0');
    expect(serviceRoot('image', 'https://cloud:9292', 'p')).toBe('https://cloud:9292/v2');
    expect(serviceRoot('compute', 'https://cloud/compute/v2.1', 'p')).toBe('https://cloud/compute/v2.1');
    expect(serviceRoot('block-storage', 'https://cloud:8776/v3/4a7b', 'p')).toBe('https://cloud:8776/v3/4a7b');
    expect(serviceRoot('block-storage', 'https://cloud:8776', '4a7b')).toBe('https://cloud:8776/v3/4a7b');
    expect(serviceRoot('placement', 'https://cloud/placement/', 'p')).toBe('https://cloud/placement');
    expect(versionDocumentUrl('block-storage', 'https://cloud:8776/v3/4a7b')).toBe('https://cloud:8776/v3/');
    expect(versionDocumentUrl('compute', 'https://cloud:8774/v2.1')).toBe('https://cloud:8774/v2.1/');
  });
});
