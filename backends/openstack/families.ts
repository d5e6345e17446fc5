import type { InventoryObject } from '../../common/model/inventory';
import type { Family } from './change-tracker';
import type { ServiceType } from './errors';
import { mapServer } from './mapping/compute';
import type { MappingContext, NativeBody } from './mapping/context';
import { mapFloatingIp, mapNetwork, mapPort, mapRouter, mapSecurityGroup, mapSubnet } from './mapping/network';
import { mapImage, mapVolume, mapVolumeSnapshot } from './mapping/storage';
import type { QueryInput } from './query';

/** How the lists of one family are read, and what each item becomes. */
export interface FamilySpec {
  family: Family;
  service: ServiceType;
  path: string;
  resourceKey: string;
  /** Plain words for notes ("servers", "floating IPs"). */
  label: string;
  map(body: NativeBody, context: MappingContext): InventoryObject;
  /** Extra query parameters when the account sees every project. */
  allProjectsQuery?: QueryInput;
}

export const familySpecs: Record<Family, FamilySpec> = {
  servers: {
    family: 'servers',
    service: 'compute',
    path: '/servers/detail',
    resourceKey: 'servers',
    label: 'servers',
    map: mapServer,
    allProjectsQuery: { all_tenants: 1 },
  },
  networks: { family: 'networks', service: 'network', path: '/networks', resourceKey: 'networks', label: 'networks', map: mapNetwork },
  subnets: { family: 'subnets', service: 'network', path: '/subnets', resourceKey: 'subnets', label: 'subnets', map: mapSubnet },
  ports: { family: 'ports', service: 'network', path: '/ports', resourceKey: 'ports', label: 'ports', map: mapPort },
  routers: { family: 'routers', service: 'network', path: '/routers', resourceKey: 'routers', label: 'routers', map: mapRouter },
  floatingips: {
    family: 'floatingips',
    service: 'network',
    path: '/floatingips',
    resourceKey: 'floatingips',
    label: 'floating IPs',
    map: mapFloatingIp,
  },
  securityGroups: {
    family: 'securityGroups',
    service: 'network',
    path: '/security-groups',
    resourceKey: 'security_groups',
    label: 'security groups',
    map: mapSecurityGroup,
  },
  volumes: {
    family: 'volumes',
    service: 'block-storage',
    path: '/volumes/detail',
    resourceKey: 'volumes',
    label: 'volumes',
    map: mapVolume,
    allProjectsQuery: { all_tenants: 1 },
  },
  volumeSnapshots: {
    family: 'volumeSnapshots',
    service: 'block-storage',
    path: '/snapshots/detail',
    resourceKey: 'snapshots',
    label: 'volume snapshots',
    map: mapVolumeSnapshot,
    allProjectsQuery: { all_tenants: 1 },
  },
  images: { family: 'images', service: 'image', path: '/images', resourceKey: 'images', label: 'images', map: mapImage },
};

/** Neutron families, re-read cheaply by the watch through `fields=id&fields=revision_number`. */
export const neutronFamilies = [
  'networks',
  'subnets',
  'ports',
  'routers',
  'floatingips',
  'securityGroups',
] as const satisfies readonly Family[];
