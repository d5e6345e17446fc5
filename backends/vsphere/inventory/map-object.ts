import type { InventoryObject } from '../../../common/model/inventory';
import type { ObjectContent } from '../property-collector';
import { mapDatastore, mapHost } from './map-host-datastore';
import type { MapContext } from './map-context';
import { mapCluster, mapDatacenter, mapFolder, mapNetwork, mapPortgroup, mapResourcePool, mapStoragePod } from './map-structure';
import { mapVirtualMachine } from './map-virtual-machine';

/** Any retrieved object as the model objects it stands for (none for plumbing such as root pools). */
export function mapObject(context: MapContext, content: ObjectContent, now = Date.now()): InventoryObject[] {
  switch (content.ref.type) {
    case 'VirtualMachine':
      return mapVirtualMachine(context, content, now);
    case 'HostSystem':
      return [mapHost(context, content, now)];
    case 'Datastore':
      return [mapDatastore(context, content)];
    case 'Datacenter':
      return [mapDatacenter(context, content)];
    case 'Folder':
      return mapFolder(context, content);
    case 'ClusterComputeResource':
      return [mapCluster(context, content)];
    case 'ResourcePool':
    case 'VirtualApp':
      return mapResourcePool(context, content);
    case 'StoragePod':
      return [mapStoragePod(context, content)];
    case 'DistributedVirtualPortgroup':
      return [mapPortgroup(context, content)];
    case 'Network':
    case 'OpaqueNetwork':
    case 'DistributedVirtualSwitch':
    case 'VmwareDistributedVirtualSwitch':
      return [mapNetwork(context, content)];
    default:
      return [];
  }
}
