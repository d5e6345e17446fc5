import type { MoRef } from '../../../soap/xml-node';
import type { SimInventory } from '../inventory-model';
import type { SimNic, SimSnapshot, SimVm } from '../entities';
import { counterDefinitions, realtimeInterval, sampleValue } from '../perf-model';
import { arrayOf, data, refs, refValue, strings, type DataObject, type Value } from '../values';
import type { PropertyTable } from './property-table';

const scsiControllerKey = 1000;
const pciControllerKey = 100;

function diskDevices(vm: SimVm): DataObject[] {
  return vm.disks.map((disk, unit) =>
    data('VirtualDisk', {
      key: disk.key,
      deviceInfo: data('Description', { label: disk.label, summary: `${disk.capacityKB.toLocaleString('en-US')} KB` }),
      backing: data('VirtualDiskFlatVer2BackingInfo', {
        fileName: disk.fileName,
        datastore: refValue(disk.datastore),
        diskMode: 'persistent',
        thinProvisioned: true,
      }),
      controllerKey: scsiControllerKey,
      unitNumber: unit,
      capacityInKB: disk.capacityKB,
      capacityInBytes: disk.capacityKB * 1024,
    }),
  );
}

function nicBacking(inventory: SimInventory, nic: SimNic): DataObject {
  const network = inventory.get(nic.network);
  if (network?.type === 'DistributedVirtualPortgroup') {
    const dvs = inventory.getAs(network.dvs, 'VmwareDistributedVirtualSwitch');
    return data('VirtualEthernetCardDistributedVirtualPortBackingInfo', {
      port: data('DistributedVirtualSwitchPortConnection', { switchUuid: dvs?.uuid, portgroupKey: network.ref.value }),
    });
  }
  if (network?.type === 'OpaqueNetwork') {
    return data('VirtualEthernetCardOpaqueNetworkBackingInfo', {
      opaqueNetworkId: network.opaqueId,
      opaqueNetworkType: 'nsx.LogicalSwitch',
    });
  }
  return data('VirtualEthernetCardNetworkBackingInfo', { deviceName: network?.name ?? 'VM Network', network: refValue(nic.network) });
}

function nicDevices(inventory: SimInventory, vm: SimVm): DataObject[] {
  return vm.nics.map((nic, index) =>
    data(nic.deviceType, {
      key: nic.key,
      deviceInfo: data('Description', { label: nic.label, summary: inventory.get(nic.network)?.name ?? '' }),
      backing: nicBacking(inventory, nic),
      connectable: data('VirtualDeviceConnectInfo', {
        startConnected: true,
        allowGuestControl: true,
        connected: vm.powerState === 'poweredOn',
      }),
      controllerKey: pciControllerKey,
      unitNumber: 7 + index,
      addressType: 'assigned',
      macAddress: nic.mac,
    }),
  );
}

function devices(inventory: SimInventory, vm: SimVm): Value {
  const controller = data('ParaVirtualSCSIController', {
    key: scsiControllerKey,
    deviceInfo: data('Description', { label: 'SCSI controller 0', summary: 'VMware paravirtual SCSI' }),
    controllerKey: pciControllerKey,
    unitNumber: 3,
    busNumber: 0,
    sharedBus: 'noSharing',
  });
  return arrayOf('VirtualDevice', [controller, ...diskDevices(vm), ...nicDevices(inventory, vm)]);
}

function snapshotTree(vm: SimVm, snapshot: SimSnapshot): DataObject {
  return data('VirtualMachineSnapshotTree', {
    snapshot: refValue(snapshot.ref),
    vm: refValue(vm.ref),
    name: snapshot.name,
    description: snapshot.description,
    id: snapshot.id,
    createTime: snapshot.createTime,
    state: snapshot.powerState,
    quiesced: snapshot.quiesced,
    childSnapshotList: arrayOf(
      'VirtualMachineSnapshotTree',
      snapshot.children.map((c) => snapshotTree(vm, c)),
    ),
  });
}

const toolsRunning = (vm: SimVm): boolean => vm.toolsInstalled && vm.powerState === 'poweredOn';

function guestIp(vm: SimVm): string | undefined {
  return toolsRunning(vm) ? vm.nics.flatMap((nic) => nic.ipAddresses)[0] : undefined;
}

function uniqueRefs(items: readonly MoRef[]): MoRef[] {
  const seen = new Map<string, MoRef>();
  for (const ref of items) seen.set(ref.value, ref);
  return [...seen.values()];
}

/** The properties of a simulated VM, shaped as vim25 serves them. */
export function vmProperties(inventory: SimInventory, vm: SimVm, now: Date): PropertyTable {
  const running = toolsRunning(vm);
  const runtime = (): DataObject =>
    data('VirtualMachineRuntimeInfo', {
      host: refValue(vm.host),
      connectionState: 'connected',
      powerState: vm.powerState,
      bootTime: vm.powerState === 'poweredOn' ? vm.bootTime : undefined,
      maxCpuUsage: vm.powerState === 'poweredOn' ? vm.cpus * 2400 : undefined,
      maxMemoryUsage: vm.memoryMB,
    });
  const quickStat = (group: string, name: string, scale: number): number => {
    const counter = counterDefinitions.find((c) => c.group === group && c.name === name && c.rollup === 'average');
    const time = Math.floor(now.getTime() / 1000 / realtimeInterval) * realtimeInterval;
    return counter ? Math.round(sampleValue(vm.ref, counter, time, vm.memoryMB * 1024, vm.powerState === 'poweredOn') * scale) : 0;
  };
  const tools = {
    toolsStatus: vm.toolsInstalled ? (running ? 'toolsOk' : 'toolsNotRunning') : 'toolsNotInstalled',
    toolsVersionStatus2: vm.toolsInstalled ? 'guestToolsCurrent' : 'guestToolsNotInstalled',
    toolsRunningStatus: running ? 'guestToolsRunning' : 'guestToolsNotRunning',
  };
  const committed = vm.committedBytes;
  return {
    name: () => vm.name,
    parent: () => refValue(vm.parent),
    overallStatus: () => 'green',
    resourcePool: () => (vm.template ? undefined : refValue(vm.pool)),
    parentVApp: () => (vm.pool.type === 'VirtualApp' ? refValue(vm.pool) : undefined),
    runtime,
    config: () =>
      data('VirtualMachineConfigInfo', {
        name: vm.name,
        guestFullName: vm.guestFullName,
        version: vm.hardwareVersion,
        uuid: vm.uuid,
        instanceUuid: vm.instanceUuid,
        template: vm.template,
        guestId: vm.guestId,
        annotation: vm.annotation || undefined,
        hardware: data('VirtualHardware', { numCPU: vm.cpus, numCoresPerSocket: 1, memoryMB: vm.memoryMB, device: devices(inventory, vm) }),
      }),
    guest: () =>
      data('GuestInfo', {
        ...tools,
        guestId: running ? vm.guestId : undefined,
        guestFullName: running ? vm.guestFullName : undefined,
        hostName: running ? vm.hostName : undefined,
        ipAddress: guestIp(vm),
        net: arrayOf(
          'GuestNicInfo',
          running
            ? vm.nics.map((nic) =>
                data('GuestNicInfo', {
                  network: inventory.get(nic.network)?.name,
                  ipAddress: strings(nic.ipAddresses),
                  macAddress: nic.mac,
                  connected: true,
                  deviceConfigId: nic.key,
                }),
              )
            : [],
        ),
        guestState: running ? 'running' : 'notRunning',
      }),
    summary: () =>
      data('VirtualMachineSummary', {
        vm: refValue(vm.ref),
        runtime: runtime(),
        guest: data('VirtualMachineGuestSummary', {
          guestId: vm.guestId,
          guestFullName: vm.guestFullName,
          toolsStatus: tools.toolsStatus,
          hostName: running ? vm.hostName : undefined,
          ipAddress: guestIp(vm),
        }),
        config: data('VirtualMachineConfigSummary', {
          name: vm.name,
          template: vm.template,
          vmPathName: `[${inventory.get(vm.disks[0]?.datastore)?.name ?? 'datastore'}] ${vm.name}/${vm.name}.vmx`,
          memorySizeMB: vm.memoryMB,
          numCpu: vm.cpus,
          numEthernetCards: vm.nics.length,
          numVirtualDisks: vm.disks.length,
          uuid: vm.uuid,
          instanceUuid: vm.instanceUuid,
          guestId: vm.guestId,
          guestFullName: vm.guestFullName,
          annotation: vm.annotation || undefined,
        }),
        storage: data('VirtualMachineStorageSummary', { committed, uncommitted: 0, unshared: committed, timestamp: now }),
        quickStats: data('VirtualMachineQuickStats', {
          overallCpuUsage: Math.round((quickStat('cpu', 'usage', 1) / 10_000) * vm.cpus * 2400),
          guestMemoryUsage: Math.round(quickStat('mem', 'consumed', 1) / 1024),
          hostMemoryUsage: Math.round(quickStat('mem', 'consumed', 1) / 1024),
          uptimeSeconds:
            vm.bootTime && vm.powerState === 'poweredOn' ? Math.floor((now.getTime() - vm.bootTime.getTime()) / 1000) : undefined,
        }),
        overallStatus: 'green',
      }),
    snapshot: () =>
      vm.snapshots.length === 0
        ? undefined
        : data('VirtualMachineSnapshotInfo', {
            currentSnapshot: refValue(vm.currentSnapshot),
            rootSnapshotList: arrayOf(
              'VirtualMachineSnapshotTree',
              vm.snapshots.map((s) => snapshotTree(vm, s)),
            ),
          }),
    rootSnapshot: () => refs(vm.snapshots.map((s) => s.ref)),
    datastore: () => refs(uniqueRefs(vm.disks.map((d) => d.datastore))),
    network: () => refs(uniqueRefs(vm.nics.map((n) => n.network))),
  };
}
