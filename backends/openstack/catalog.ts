import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ServiceType } from './errors';
import type { EndpointInterface } from './settings';

export interface CatalogEndpoint {
  interface: string;
  url: string;
  region?: string | null;
  region_id?: string | null;
}

export interface CatalogService {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

/** The catalog types each service goes by, newest name first. */
const catalogTypes: Record<ServiceType, readonly string[]> = {
  identity: ['identity'],
  compute: ['compute'],
  network: ['network'],
  image: ['image'],
  'block-storage': ['block-storage', 'volumev3', 'volume'],
  placement: ['placement'],
  metric: ['metric'],
};

const regionOf = (endpoint: CatalogEndpoint): string | undefined => endpoint.region_id ?? endpoint.region ?? undefined;

/** Every region named in the catalog, sorted. */
function catalogRegions(catalog: readonly CatalogService[]): string[] {
  const regions = new Set<string>();
  for (const service of catalog)
    for (const endpoint of service.endpoints) {
      const region = regionOf(endpoint);
      if (region) regions.add(region);
    }
  return [...regions].sort();
}

/**
 * The region to use: the one asked for (which must exist), else the only one, else the first
 * (with a note saying so).
 */
export function chooseRegion(catalog: readonly CatalogService[], wanted: string | undefined): { region?: string; note?: string } {
  const regions = catalogRegions(catalog);
  if (wanted) {
    if (regions.length > 0 && !regions.includes(wanted)) {
      throw new SkydeckFailure('invalid-input', `Region "${wanted}" is not in this cloud's catalog (it has: ${regions.join(', ')}).`);
    }
    return { region: wanted };
  }
  if (regions.length <= 1) return regions[0] ? { region: regions[0] } : {};
  const region = regions[0] as string;
  return {
    region,
    note: `The catalog lists regions ${regions.join(', ')}; Skydeck shows ${region}. Set the Region field to choose another.`,
  };
}

/** The URL of a service in the catalog for a region and interface, or undefined when the cloud has none. */
export function findEndpoint(
  catalog: readonly CatalogService[],
  service: ServiceType,
  region: string | undefined,
  endpointInterface: EndpointInterface,
): string | undefined {
  for (const type of catalogTypes[service]) {
    const entry = catalog.find((candidate) => candidate.type === type);
    if (!entry) continue;
    const match = entry.endpoints.find(
      (endpoint) => endpoint.interface === endpointInterface && (region === undefined || regionOf(endpoint) === region),
    );
    if (match) return match.url.replace(/\/+$/, '');
  }
  return undefined;
}

/**
 * The versioned root Skydeck calls for a service. Catalogs list some services with their
 * version (Nova ".../v2.1", Cinder ".../v3/<project>") and others without (Neutron, Glance,
 * Placement, often behind a path prefix): the missing version segment is added here.
 */
export function serviceRoot(service: ServiceType, url: string, projectId: string | undefined): string {
  const base = url.replace(/\/+$/, '');
  switch (service) {
    case 'compute':
      return /\/v2(\.1)?(\/|$)/.test(base) ? base : `${base}/v2.1`;
    case 'network':
      return /\/v2\.0$/.test(base) ? base : `${base}/v2.0`;
    case 'image':
      return /\/v2$/.test(base) ? base : `${base}/v2`;
    case 'block-storage':
      if (/\/v3(\/|$)/.test(base)) return base;
      return projectId ? `${base}/v3/${projectId}` : `${base}/v3`;
    case 'metric':
      return /\/v1$/.test(base) ? base : `${base}/v1`;
    case 'identity':
      return /\/v3$/.test(base) ? base : `${base}/v3`;
    case 'placement':
      return base;
  }
}

/** Where a service publishes its version document: the root of its versioned API, with a slash. */
export function versionDocumentUrl(service: ServiceType, root: string): string {
  if (service === 'block-storage') return `${root.replace(/(\/v3)(\/.*)?$/, '$1')}/`;
  return `${root}/`;
}
