import type { VirtualDisk, VirtualNic } from '../../../common/model/inventory';
import { arrayItems, at, child, childrenNamed, moRefOf, numberAt, textAt, type MoRef, type XmlNode } from '../soap/xml-node';
import { idOf, type MapContext } from './map-context';

const nicTypes = new Set([
  'VirtualE1000',
  'VirtualE1000e',
  'VirtualPCNet32',
  'VirtualVmxnet',
  'VirtualVmxnet2',
  'VirtualVmxnet3',
  'VirtualVmxnet3Vrdma',
  'VirtualSriovEthernetCard',
]);

/** Disks from config.hardware.device, each with its datastore (from the file backing). */
export function disksOf(context: MapContext, devices: XmlNode | undefined): VirtualDisk[] {
  return arrayItems(devices)
    .filter((device) => device.xsiType === 'VirtualDisk')
    .map((device) => {
      const backing = child(device, 'backing');
      const bytes = numberAt(device, 'capacityInBytes') ?? kib(numberAt(device, 'capacityInKB'));
      const datastore = moRefOf(child(backing, 'datastore'));
      const disk: VirtualDisk = { label: textAt(device, 'deviceInfo.label') ?? `disk-${textAt(device, 'key') ?? '?'}` };
      if (bytes !== undefined) disk.capacityBytes = bytes;
      const path = textAt(backing, 'fileName');
      if (path) disk.path = path;
      if (datastore) disk.storageId = idOf(context, 'storage', datastore);
      return disk;
    });
}

/** NICs from config.hardware.device, each with its network (standard, distributed or opaque) and guest IPs. */
export function nicsOf(context: MapContext, devices: XmlNode | undefined, guestNet: XmlNode | undefined): VirtualNic[] {
  const ipsByDeviceKey = new Map<string, string[]>();
  for (const entry of arrayItems(guestNet)) {
    const key = textAt(entry, 'deviceConfigId');
    const ips = childrenNamed(entry, 'ipAddress')
      .map((n) => n.text)
      .filter(Boolean);
    if (key && ips.length > 0) ipsByDeviceKey.set(key, ips);
  }
  return arrayItems(devices)
    .filter((device) => (device.xsiType ? nicTypes.has(device.xsiType) : false) || child(device, 'macAddress') !== undefined)
    .map((device) => {
      const nic: VirtualNic = { label: textAt(device, 'deviceInfo.label') ?? `nic-${textAt(device, 'key') ?? '?'}` };
      const mac = textAt(device, 'macAddress');
      if (mac) nic.mac = mac.toLowerCase();
      if (device.xsiType) nic.model = device.xsiType.replace(/^Virtual/, '').toLowerCase();
      const network = networkOf(context, child(device, 'backing'));
      if (network) nic.networkId = idOf(context, 'network', network);
      const ips = ipsByDeviceKey.get(textAt(device, 'key') ?? '');
      if (ips) nic.ipAddresses = ips;
      return nic;
    });
}

function networkOf(context: MapContext, backing: XmlNode | undefined): MoRef | undefined {
  if (!backing) return undefined;
  const portgroupKey = textAt(backing, 'port.portgroupKey');
  if (portgroupKey) return context.index.portgroupByKey(portgroupKey) ?? { type: 'DistributedVirtualPortgroup', value: portgroupKey };
  const opaqueId = textAt(backing, 'opaqueNetworkId');
  if (opaqueId) return context.index.opaqueNetworkById(opaqueId);
  return moRefOf(at(backing, 'network'));
}

const kib = (value: number | undefined): number | undefined => (value === undefined ? undefined : value * 1024);
