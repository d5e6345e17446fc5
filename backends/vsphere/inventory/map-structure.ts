import type { InventoryObject, ObjectFacts, ObjectState } from '../../../common/model/inventory';
import type { ObjectContent } from '../property-collector';
import { arrayItems, at, moRefOf, numberAt, textAt } from '../soap/xml-node';
import { buildObject, definedFacts, idOf, siteIdOf, type MapContext } from './map-context';
import { isTenantEntry } from './skeleton-index';

export function mapDatacenter(context: MapContext, content: ObjectContent): InventoryObject {
  return buildObject(context, content, { kind: 'site', state: 'online' });
}

/** Only folders that hold VMs below a datacenter's own VM folder are tenants; the rest is plumbing. */
export function mapFolder(context: MapContext, content: ObjectContent): InventoryObject[] {
  const parent = moRefOf(content.props.get('parent'));
  const childTypes = arrayItems(content.props.get('childType')).map((n) => n.text);
  if (!isTenantEntry('Folder', parent, childTypes)) return [];
  const parentId = parent && context.index.isTenant(parent) ? idOf(context, 'tenant', parent) : siteIdOf(context, parent);
  return [buildObject(context, content, { kind: 'tenant', state: 'available', parentId })];
}

const statusStates: Record<string, ObjectState> = { green: 'online', yellow: 'degraded', red: 'error', gray: 'unknown' };

export function mapCluster(context: MapContext, content: ObjectContent): InventoryObject {
  const { props } = content;
  return buildObject(context, content, {
    kind: 'cluster',
    state: statusStates[textAt(props.get('overallStatus')) ?? ''] ?? 'unknown',
    parentId: siteIdOf(context, moRefOf(props.get('parent'))),
    facts: definedFacts({
      cpuCount: numberAt(props.get('summary.numCpuThreads')),
      memoryBytes: numberAt(props.get('summary.totalMemory')),
    }),
  });
}

/** Resource pools below a cluster's root pool, and vApps, are tenants; root pools are the cluster itself. */
export function mapResourcePool(context: MapContext, content: ObjectContent): InventoryObject[] {
  const parent = moRefOf(content.props.get('parent'));
  if (!isTenantEntry(content.ref.type, parent, [])) return [];
  const owner = moRefOf(content.props.get('owner'));
  const parentId =
    parent && context.index.isTenant(parent)
      ? idOf(context, 'tenant', parent)
      : owner?.type === 'ClusterComputeResource'
        ? idOf(context, 'cluster', owner)
        : siteIdOf(context, owner ?? parent);
  return [buildObject(context, content, { kind: 'tenant', state: 'available', parentId })];
}

export function mapStoragePod(context: MapContext, content: ObjectContent): InventoryObject {
  const { props } = content;
  return buildObject(context, content, {
    kind: 'storage',
    state: 'available',
    parentId: siteIdOf(context, moRefOf(props.get('parent'))),
    facts: capacityFacts(numberAt(props.get('summary.capacity')), numberAt(props.get('summary.freeSpace'))),
  });
}

/** Standard networks, opaque (NSX) networks and distributed switches sit below their datacenter. */
export function mapNetwork(context: MapContext, content: ObjectContent): InventoryObject {
  return buildObject(context, content, {
    kind: 'network',
    state: 'available',
    parentId: siteIdOf(context, moRefOf(content.props.get('parent'))),
  });
}

/** A distributed portgroup sits below its switch and is a member of it. */
export function mapPortgroup(context: MapContext, content: ObjectContent): InventoryObject {
  const { props } = content;
  const dvs = moRefOf(props.get('config.distributedVirtualSwitch'));
  const vlan = at(props.get('config.defaultPortConfig'), 'vlan');
  const vlanId = vlan?.xsiType === 'VmwareDistributedVirtualSwitchVlanIdSpec' ? numberAt(vlan, 'vlanId') : undefined;
  return buildObject(context, content, {
    kind: 'network',
    state: 'available',
    parentId: dvs ? idOf(context, 'network', dvs) : siteIdOf(context, moRefOf(props.get('parent'))),
    facts: definedFacts({ vlan: vlanId }),
    relations: dvs ? [{ type: 'member-of', to: idOf(context, 'network', dvs) }] : [],
  });
}

export function capacityFacts(capacity: number | undefined, free: number | undefined): ObjectFacts {
  return definedFacts({ capacityBytes: capacity, usedBytes: capacity !== undefined && free !== undefined ? capacity - free : undefined });
}
