import type { InventoryObject, ObjectState, Relation } from '../../../common/model/inventory';
import type { ObjectContent } from '../property-collector';
import { arrayItems, booleanAt, child, childrenNamed, moRefOf, numberAt, textAt } from '../soap/xml-node';
import { buildObject, definedFacts, idOf, nativeOf, secondsSince, siteIdOf, type MapContext } from './map-context';
import { mapSnapshots } from './map-snapshots';
import { disksOf, nicsOf } from './map-vm-devices';

const powerStates: Record<string, ObjectState> = { poweredOn: 'running', poweredOff: 'stopped', suspended: 'suspended' };

function vmState(content: ObjectContent, template: boolean): ObjectState {
  const connection = textAt(content.props.get('runtime.connectionState'));
  if (connection === 'inaccessible' || connection === 'invalid') return 'error';
  if (connection === 'disconnected' || connection === 'orphaned') return 'unknown';
  if (template) return 'available';
  return powerStates[textAt(content.props.get('runtime.powerState')) ?? ''] ?? 'unknown';
}

/**
 * A VM (or template) and its snapshots. The VM runs on its host, its disks are stored on
 * datastores and its NICs attached to networks (each relation named after the device),
 * and it is a member of its resource pool and folder where those are tenants.
 */
export function mapVirtualMachine(context: MapContext, content: ObjectContent, now = Date.now()): InventoryObject[] {
  const { props } = content;
  const template = booleanAt(props.get('config.template')) === true;
  const kind = template ? 'template' : 'vm';
  const host = moRefOf(props.get('runtime.host'));
  const folder = moRefOf(props.get('parent'));
  const pool = moRefOf(props.get('resourcePool'));
  const devices = props.get('config.hardware.device');
  const disks = disksOf(context, devices);
  const nics = nicsOf(context, devices, props.get('guest.net'));
  const state = vmState(content, template);

  const relations: Relation[] = [];
  if (host && !template) relations.push({ type: 'runs-on', to: idOf(context, 'host', host) });
  for (const disk of disks) if (disk.storageId) relations.push({ type: 'stored-on', to: disk.storageId, via: disk.label });
  for (const nic of nics) if (nic.networkId) relations.push({ type: 'attached-to', to: nic.networkId, via: nic.label });
  for (const tenant of [pool, folder])
    if (tenant && context.index.isTenant(tenant)) relations.push({ type: 'member-of', to: idOf(context, 'tenant', tenant) });

  const ipAddresses = unique([textAt(props.get('guest.ipAddress')), ...nics.flatMap((nic) => nic.ipAddresses ?? [])]);
  const macAddresses = unique(nics.map((nic) => nic.mac));
  const memoryMB = numberAt(props.get('config.hardware.memoryMB'));
  const capacity = disks.reduce((sum, disk) => sum + (disk.capacityBytes ?? 0), 0);
  const snapshotInfo = props.get('snapshot');
  const native = nativeOf(content, ['config.hardware.device', 'snapshot', 'guest.net']);
  const current = moRefOf(child(snapshotInfo, 'currentSnapshot'));
  if (current) native.currentSnapshot = current.value;
  native.guestNet = arrayItems(props.get('guest.net')).map((entry) => ({
    mac: textAt(entry, 'macAddress'),
    network: textAt(entry, 'network'),
    ipAddresses: childrenNamed(entry, 'ipAddress').map((n) => n.text),
    connected: booleanAt(entry, 'connected'),
  }));

  const vm = buildObject(context, content, {
    kind,
    state,
    parentId: host ? idOf(context, 'host', host) : siteIdOf(context, folder),
    facts: {
      ...definedFacts({
        cpuCount: numberAt(props.get('config.hardware.numCPU')),
        memoryBytes: memoryMB === undefined ? undefined : memoryMB * 1024 * 1024,
        capacityBytes: disks.length > 0 ? capacity : undefined,
        usedBytes: numberAt(props.get('summary.storage.committed')),
        ipAddresses,
        macAddresses,
        uuid: textAt(props.get('config.uuid')),
        guestOs: textAt(props.get('config.guestFullName')),
        hostName: textAt(props.get('guest.hostName')) || undefined,
        notes: textAt(props.get('config.annotation')) || undefined,
        version: textAt(props.get('config.version')),
        uptimeSeconds: state === 'running' ? secondsSince(textAt(props.get('runtime.bootTime')), now) : undefined,
      }),
      disks,
      nics,
    },
    relations,
    native,
  });
  return [vm, ...mapSnapshots(context, vm.id, content.ref, snapshotInfo)];
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}
