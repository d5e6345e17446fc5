import type { PropertySet } from '../property-collector';

/**
 * Only the properties the common model needs. Property sets for a base type also apply
 * to its subtypes (ComputeResource → ClusterComputeResource, Network → portgroups,
 * ResourcePool → VirtualApp), as on a real vCenter.
 */

/** The skeleton every other object hangs from; small even on a 50,000-VM vCenter. */
export const structureSets: readonly PropertySet[] = [
  { type: 'Datacenter', paths: ['name', 'parent'] },
  { type: 'Folder', paths: ['name', 'parent', 'childType'] },
  { type: 'ComputeResource', paths: ['name', 'parent'] },
  {
    type: 'ClusterComputeResource',
    paths: [
      'overallStatus',
      'summary.numHosts',
      'summary.numCpuThreads',
      'summary.totalCpu',
      'summary.totalMemory',
      'configurationEx.drsConfig.enabled',
      'configurationEx.dasConfig.enabled',
    ],
  },
  { type: 'ResourcePool', paths: ['name', 'parent', 'owner'] },
  { type: 'StoragePod', paths: ['name', 'parent', 'summary.capacity', 'summary.freeSpace'] },
  { type: 'Network', paths: ['name', 'parent'] },
  { type: 'DistributedVirtualPortgroup', paths: ['key', 'config.distributedVirtualSwitch', 'config.defaultPortConfig'] },
  { type: 'OpaqueNetwork', paths: ['summary.opaqueNetworkId', 'summary.opaqueNetworkType'] },
  { type: 'DistributedVirtualSwitch', paths: ['name', 'parent', 'uuid'] },
];

export const hostSet: PropertySet = {
  type: 'HostSystem',
  paths: [
    'name',
    'parent',
    'runtime.connectionState',
    'runtime.powerState',
    'runtime.inMaintenanceMode',
    'runtime.bootTime',
    'summary.hardware.cpuModel',
    'summary.hardware.numCpuThreads',
    'summary.hardware.memorySize',
    'summary.hardware.uuid',
    'summary.config.product.fullName',
    'config.network.vnic',
  ],
};

export const datastoreSet: PropertySet = {
  type: 'Datastore',
  paths: [
    'name',
    'parent',
    'summary.capacity',
    'summary.freeSpace',
    'summary.type',
    'summary.url',
    'summary.accessible',
    'summary.maintenanceMode',
  ],
};

export const virtualMachineSet: PropertySet = {
  type: 'VirtualMachine',
  paths: [
    'name',
    'parent',
    'resourcePool',
    'runtime.host',
    'runtime.powerState',
    'runtime.connectionState',
    'runtime.bootTime',
    'config.template',
    'config.uuid',
    'config.instanceUuid',
    'config.guestFullName',
    'config.annotation',
    'config.version',
    'config.hardware.numCPU',
    'config.hardware.memoryMB',
    'config.hardware.device',
    'guest.ipAddress',
    'guest.hostName',
    'guest.net',
    'guest.toolsRunningStatus',
    'guest.toolsVersionStatus2',
    'summary.storage.committed',
    'snapshot',
  ],
};

/** The many: hosts, datastores and VMs, streamed after the skeleton. */
export const leafSets: readonly PropertySet[] = [hostSet, datastoreSet, virtualMachineSet];

export const allSets: readonly PropertySet[] = [...structureSets, ...leafSets];

/** Types whose objects go into the skeleton index (subtypes included). */
export const structureTypes = new Set([
  'Datacenter',
  'Folder',
  'ComputeResource',
  'ClusterComputeResource',
  'ResourcePool',
  'VirtualApp',
  'StoragePod',
  'Network',
  'DistributedVirtualPortgroup',
  'OpaqueNetwork',
  'DistributedVirtualSwitch',
  'VmwareDistributedVirtualSwitch',
]);
