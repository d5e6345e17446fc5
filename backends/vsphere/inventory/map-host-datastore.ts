import type { InventoryObject, ObjectState } from '../../../common/model/inventory';
import type { ObjectContent } from '../property-collector';
import { arrayItems, booleanAt, moRefOf, numberAt, textAt } from '../soap/xml-node';
import { buildObject, definedFacts, idOf, secondsSince, siteIdOf, type MapContext } from './map-context';
import { capacityFacts } from './map-structure';

function hostState(content: ObjectContent): ObjectState {
  const { props } = content;
  const connection = textAt(props.get('runtime.connectionState'));
  if (connection && connection !== 'connected') return 'offline';
  if (booleanAt(props.get('runtime.inMaintenanceMode'))) return 'maintenance';
  const power = textAt(props.get('runtime.powerState'));
  if (power === 'poweredOff' || power === 'standBy') return 'offline';
  return power === 'poweredOn' ? 'online' : 'unknown';
}

/** A host sits below its cluster (member-of it), or below its datacenter when standalone. */
export function mapHost(context: MapContext, content: ObjectContent, now = Date.now()): InventoryObject {
  const { props } = content;
  const parent = moRefOf(props.get('parent'));
  const cluster = parent?.type === 'ClusterComputeResource' ? parent : undefined;
  const ipAddresses = arrayItems(props.get('config.network.vnic'))
    .map((vnic) => textAt(vnic, 'spec.ip.ipAddress'))
    .filter((ip): ip is string => Boolean(ip));
  const state = hostState(content);
  return buildObject(context, content, {
    kind: 'host',
    state,
    parentId: cluster ? idOf(context, 'cluster', cluster) : siteIdOf(context, parent),
    facts: definedFacts({
      cpuCount: numberAt(props.get('summary.hardware.numCpuThreads')),
      memoryBytes: numberAt(props.get('summary.hardware.memorySize')),
      uuid: textAt(props.get('summary.hardware.uuid')),
      version: textAt(props.get('summary.config.product.fullName')),
      uptimeSeconds: state === 'online' || state === 'maintenance' ? secondsSince(textAt(props.get('runtime.bootTime')), now) : undefined,
      ipAddresses,
    }),
    relations: cluster ? [{ type: 'member-of', to: idOf(context, 'cluster', cluster) }] : [],
  });
}

/** A datastore sits below its storage pod (member-of it), or below its datacenter. */
export function mapDatastore(context: MapContext, content: ObjectContent): InventoryObject {
  const { props } = content;
  const parent = moRefOf(props.get('parent'));
  const pod = parent?.type === 'StoragePod' ? parent : undefined;
  const accessible = booleanAt(props.get('summary.accessible'));
  const maintenance = textAt(props.get('summary.maintenanceMode'));
  return buildObject(context, content, {
    kind: 'storage',
    state: accessible === false ? 'offline' : maintenance === 'inMaintenance' ? 'maintenance' : 'available',
    parentId: pod ? idOf(context, 'storage', pod) : siteIdOf(context, parent),
    facts: capacityFacts(numberAt(props.get('summary.capacity')), numberAt(props.get('summary.freeSpace'))),
    relations: pod ? [{ type: 'member-of', to: idOf(context, 'storage', pod) }] : [],
  });
}
