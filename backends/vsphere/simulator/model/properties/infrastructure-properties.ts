import type { MoRef } from '../../../soap/xml-node';
import type { SimInventory } from '../inventory-model';
import type { SimComputeResource, SimDatastore, SimEntity, SimHost, SimNetwork, SimPool, SimStoragePod, SimSwitch } from '../entities';
import { counterDefinitions, realtimeInterval, sampleValue } from '../perf-model';
import { arrayOf, data, refs, refValue, strings, type DataObject } from '../values';
import type { PropertyTable } from './property-table';

const esxiVersion = { version: '8.0.2', build: '22380479' };

function common(entity: SimEntity): PropertyTable {
  return { name: () => entity.name, parent: () => refValue(entity.parent), overallStatus: () => 'green' };
}

function childrenOf(inventory: SimInventory, ref: MoRef, type?: string): MoRef[] {
  const children = inventory.descendants(ref, false);
  return type ? children.filter((c) => c.type === type) : children;
}

function vmsWhere(inventory: SimInventory, test: (vm: Extract<SimEntity, { type: 'VirtualMachine' }>) => boolean): MoRef[] {
  const result: MoRef[] = [];
  for (const entity of inventory.all()) if (entity.type === 'VirtualMachine' && test(entity)) result.push(entity.ref);
  return result;
}

function hostProperties(inventory: SimInventory, host: SimHost, now: Date): PropertyTable {
  const product = data('AboutInfo', {
    name: 'VMware ESXi',
    fullName: `VMware ESXi ${esxiVersion.version} build-${esxiVersion.build}`,
    vendor: 'VMware, Inc.',
    version: esxiVersion.version,
    build: esxiVersion.build,
    apiType: 'HostAgent',
    apiVersion: '8.0.2.0',
  });
  const runtime = (): DataObject =>
    data('HostRuntimeInfo', {
      connectionState: host.connectionState,
      powerState: host.powerState,
      inMaintenanceMode: host.maintenance,
      bootTime: host.bootTime,
    });
  const up = host.connectionState === 'connected' && host.powerState === 'poweredOn';
  const time = Math.floor(now.getTime() / 1000 / realtimeInterval) * realtimeInterval;
  const sample = (group: string, name: string): number => {
    const counter = counterDefinitions.find((c) => c.group === group && c.name === name && c.rollup === 'average');
    return counter ? sampleValue(host.ref, counter, time, host.memoryBytes / 1024, up) : 0;
  };
  return {
    ...common(host),
    runtime,
    summary: () =>
      data('HostListSummary', {
        host: refValue(host.ref),
        hardware: data('HostHardwareSummary', {
          vendor: 'Dell Inc.',
          model: 'PowerEdge R650',
          uuid: host.uuid,
          memorySize: host.memoryBytes,
          cpuModel: host.cpuModel,
          cpuMhz: host.cpuMhz,
          numCpuPkgs: 2,
          numCpuCores: host.cores,
          numCpuThreads: host.threads,
          numNics: 4,
          numHBAs: 2,
        }),
        runtime: runtime(),
        config: data('HostConfigSummary', { name: host.name, port: 443, product }),
        quickStats: data('HostListSummaryQuickStats', {
          overallCpuUsage: Math.round((sample('cpu', 'usage') / 10_000) * host.cores * host.cpuMhz),
          overallMemoryUsage: Math.round(sample('mem', 'consumed') / 1024),
          uptime: up ? Math.floor((now.getTime() - host.bootTime.getTime()) / 1000) : undefined,
        }),
        overallStatus: 'green',
      }),
    hardware: () =>
      data('HostHardwareInfo', {
        memorySize: host.memoryBytes,
        cpuInfo: data('HostCpuInfo', {
          numCpuPackages: 2,
          numCpuCores: host.cores,
          numCpuThreads: host.threads,
          hz: host.cpuMhz * 1_000_000,
        }),
      }),
    config: () =>
      data('HostConfigInfo', {
        host: refValue(host.ref),
        product,
        network: data('HostNetworkInfo', {
          vnic: arrayOf('HostVirtualNic', [
            data('HostVirtualNic', {
              device: 'vmk0',
              key: 'key-vim.host.VirtualNic-vmk0',
              portgroup: 'Management Network',
              spec: data('HostVirtualNicSpec', {
                ip: data('HostIpConfig', { dhcp: false, ipAddress: host.managementIp, subnetMask: '255.255.255.0' }),
                mac: host.managementMac,
                mtu: 1500,
              }),
            }),
          ]),
        }),
      }),
    datastore: () => refs(host.datastores),
    network: () => refs(host.networks),
    vm: () => refs(vmsWhere(inventory, (vm) => vm.host.value === host.ref.value)),
  };
}

function computeResourceProperties(inventory: SimInventory, resource: SimComputeResource): PropertyTable {
  const hosts = (): SimHost[] =>
    childrenOf(inventory, resource.ref, 'HostSystem')
      .map((r) => inventory.getAs(r, 'HostSystem'))
      .filter((h): h is SimHost => Boolean(h));
  const cluster = resource.type === 'ClusterComputeResource';
  const table: PropertyTable = {
    ...common(resource),
    host: () => refs(hosts().map((h) => h.ref)),
    resourcePool: () => refValue(resource.rootPool),
    datastore: () => refs(unique(hosts().flatMap((h) => h.datastores))),
    network: () => refs(unique(hosts().flatMap((h) => h.networks))),
    summary: () => {
      const members = hosts();
      const totalCpu = members.reduce((sum, h) => sum + h.cores * h.cpuMhz, 0);
      const totalMemory = members.reduce((sum, h) => sum + h.memoryBytes, 0);
      const effective = members.filter((h) => h.connectionState === 'connected' && !h.maintenance);
      return data(cluster ? 'ClusterComputeResourceSummary' : 'ComputeResourceSummary', {
        totalCpu,
        totalMemory,
        numCpuCores: members.reduce((sum, h) => sum + h.cores, 0),
        numCpuThreads: members.reduce((sum, h) => sum + h.threads, 0),
        effectiveCpu: effective.reduce((sum, h) => sum + h.cores * h.cpuMhz, 0),
        effectiveMemory: Math.round(effective.reduce((sum, h) => sum + h.memoryBytes, 0) / 1024 / 1024),
        numHosts: members.length,
        numEffectiveHosts: effective.length,
        overallStatus: 'green',
      });
    },
  };
  if (cluster) {
    table.configurationEx = () =>
      data('ClusterConfigInfoEx', {
        dasConfig: data('ClusterDasConfigInfo', { enabled: resource.ha }),
        drsConfig: data('ClusterDrsConfigInfo', { enabled: resource.drs, defaultVmBehavior: 'fullyAutomated' }),
      });
  }
  return table;
}

function poolProperties(inventory: SimInventory, pool: SimPool): PropertyTable {
  return {
    ...common(pool),
    owner: () => refValue(pool.owner),
    resourcePool: () => refs(childrenOf(inventory, pool.ref).filter((r) => r.type === 'ResourcePool' || r.type === 'VirtualApp')),
    vm: () => refs(vmsWhere(inventory, (vm) => vm.pool.value === pool.ref.value)),
  };
}

function datastoreProperties(inventory: SimInventory, datastore: SimDatastore): PropertyTable {
  return {
    ...common(datastore),
    summary: () =>
      data('DatastoreSummary', {
        datastore: refValue(datastore.ref),
        name: datastore.name,
        url: datastore.url,
        capacity: datastore.capacity,
        freeSpace: datastore.freeSpace,
        uncommitted: 0,
        accessible: datastore.accessible,
        multipleHostAccess: true,
        type: datastore.fsType,
        maintenanceMode: 'normal',
      }),
    vm: () => refs(vmsWhere(inventory, (vm) => vm.disks.some((d) => d.datastore.value === datastore.ref.value))),
  };
}

function storagePodProperties(inventory: SimInventory, pod: SimStoragePod): PropertyTable {
  const members = (): SimDatastore[] =>
    childrenOf(inventory, pod.ref, 'Datastore')
      .map((r) => inventory.getAs(r, 'Datastore'))
      .filter((d): d is SimDatastore => Boolean(d));
  return {
    ...common(pod),
    childType: () => strings(['Datastore']),
    childEntity: () => refs(members().map((d) => d.ref)),
    summary: () =>
      data('StoragePodSummary', {
        name: pod.name,
        capacity: members().reduce((sum, d) => sum + d.capacity, 0),
        freeSpace: members().reduce((sum, d) => sum + d.freeSpace, 0),
      }),
  };
}

function networkProperties(inventory: SimInventory, network: SimNetwork): PropertyTable {
  const table: PropertyTable = {
    ...common(network),
    vm: () => refs(vmsWhere(inventory, (vm) => vm.nics.some((n) => n.network.value === network.ref.value))),
    summary: () =>
      network.type === 'OpaqueNetwork'
        ? data('OpaqueNetworkSummary', {
            network: refValue(network.ref),
            name: network.name,
            accessible: true,
            opaqueNetworkId: network.opaqueId,
            opaqueNetworkType: 'nsx.LogicalSwitch',
          })
        : data('NetworkSummary', { network: refValue(network.ref), name: network.name, accessible: true }),
  };
  if (network.type === 'DistributedVirtualPortgroup') {
    table.key = () => network.ref.value;
    table.config = () =>
      data('DVPortgroupConfigInfo', {
        key: network.ref.value,
        name: network.name,
        numPorts: 128,
        distributedVirtualSwitch: refValue(network.dvs),
        defaultPortConfig: data('VMwareDVSPortSetting', {
          vlan: data('VmwareDistributedVirtualSwitchVlanIdSpec', { inherited: false, vlanId: network.vlan ?? 0 }),
        }),
        type: 'earlyBinding',
      });
  }
  return table;
}

function switchProperties(dvs: SimSwitch): PropertyTable {
  return {
    ...common(dvs),
    uuid: () => dvs.uuid,
    portgroup: () => refs(dvs.portgroups),
    summary: () => data('DVSSummary', { name: dvs.name, uuid: dvs.uuid, numPorts: dvs.portgroups.length * 128 }),
  };
}

/** The properties of every simulated entity except VMs (see vm-properties.ts). */
export function infrastructureProperties(
  inventory: SimInventory,
  entity: Exclude<SimEntity, { type: 'VirtualMachine' }>,
  now: Date,
): PropertyTable {
  switch (entity.type) {
    case 'Folder':
      return { ...common(entity), childType: () => strings(entity.childTypes), childEntity: () => refs(childrenOf(inventory, entity.ref)) };
    case 'Datacenter':
      return {
        ...common(entity),
        vmFolder: () => refValue(entity.vmFolder),
        hostFolder: () => refValue(entity.hostFolder),
        datastoreFolder: () => refValue(entity.datastoreFolder),
        networkFolder: () => refValue(entity.networkFolder),
      };
    case 'ClusterComputeResource':
    case 'ComputeResource':
      return computeResourceProperties(inventory, entity);
    case 'HostSystem':
      return hostProperties(inventory, entity, now);
    case 'ResourcePool':
    case 'VirtualApp':
      return poolProperties(inventory, entity);
    case 'Datastore':
      return datastoreProperties(inventory, entity);
    case 'StoragePod':
      return storagePodProperties(inventory, entity);
    case 'Network':
    case 'DistributedVirtualPortgroup':
    case 'OpaqueNetwork':
      return networkProperties(inventory, entity);
    case 'VmwareDistributedVirtualSwitch':
      return switchProperties(entity);
  }
}

function unique(items: readonly MoRef[]): MoRef[] {
  return [...new Map(items.map((r) => [r.value, r])).values()];
}
