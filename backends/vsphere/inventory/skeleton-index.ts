import type { ObjectContent } from '../property-collector';
import { arrayItems, moRefOf, textAt, type MoRef } from '../soap/xml-node';
import { structureTypes } from './property-sets';

interface SkeletonEntry {
  ref: MoRef;
  name: string;
  parent?: MoRef;
  childTypes: string[];
}

/** Managed object ids are unique on a server, whatever the type a reference names. */
const keyOf = (ref: MoRef): string => ref.value;

/**
 * The inventory's skeleton — datacenters, folders, clusters, pools, networks — kept small
 * and in memory so mappers can tell which datacenter an object belongs to, whether a
 * folder or pool is a tenant, and which portgroup a NIC's backing key names.
 */
export class SkeletonIndex {
  readonly #entries = new Map<string, SkeletonEntry>();
  readonly #portgroupsByKey = new Map<string, MoRef>();
  readonly #opaqueNetworksById = new Map<string, MoRef>();

  static holds(type: string): boolean {
    return structureTypes.has(type);
  }

  put(content: ObjectContent): void {
    const { ref, props } = content;
    if (!SkeletonIndex.holds(ref.type)) return;
    const previous = this.#entries.get(keyOf(ref));
    const entry: SkeletonEntry = {
      ref,
      name: textAt(props.get('name')) ?? previous?.name ?? ref.value,
      childTypes: arrayItems(props.get('childType')).map((n) => n.text),
    };
    const parent = moRefOf(props.get('parent')) ?? previous?.parent;
    if (parent) entry.parent = parent;
    this.#entries.set(keyOf(ref), entry);
    const key = textAt(props.get('key'));
    if (key) this.#portgroupsByKey.set(key, ref);
    const opaqueId = textAt(props.get('summary.opaqueNetworkId'));
    if (opaqueId) this.#opaqueNetworksById.set(opaqueId, ref);
  }

  delete(ref: MoRef): void {
    this.#entries.delete(keyOf(ref));
    for (const map of [this.#portgroupsByKey, this.#opaqueNetworksById]) {
      for (const [key, value] of map) if (value.value === ref.value) map.delete(key);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  parentOf(ref: MoRef): MoRef | undefined {
    return this.#entries.get(keyOf(ref))?.parent;
  }

  /** The datacenter above an object (through folders, clusters, pools), if known. */
  siteOf(ref: MoRef | undefined): MoRef | undefined {
    let current = ref;
    for (let depth = 0; current && depth < 64; depth++) {
      if (current.type === 'Datacenter') return current;
      current = this.parentOf(current);
    }
    return undefined;
  }

  /** Folders that hold VMs (below a datacenter's own VM folder), and pools/vApps below a root pool. */
  isTenant(ref: MoRef | undefined): boolean {
    if (!ref) return false;
    const entry = this.#entries.get(keyOf(ref));
    if (!entry) return false;
    return isTenantEntry(ref.type, entry.parent, entry.childTypes);
  }

  portgroupByKey(key: string): MoRef | undefined {
    return this.#portgroupsByKey.get(key);
  }

  opaqueNetworkById(id: string): MoRef | undefined {
    return this.#opaqueNetworksById.get(id);
  }
}

/** The tenant rule, shared by the index and the mappers: decided from an object's own properties. */
export function isTenantEntry(type: string, parent: MoRef | undefined, childTypes: readonly string[]): boolean {
  if (type === 'Folder') return childTypes.includes('VirtualMachine') && parent !== undefined && parent.type !== 'Datacenter';
  if (type === 'VirtualApp') return true;
  if (type === 'ResourcePool') return parent?.type === 'ResourcePool' || parent?.type === 'VirtualApp';
  return false;
}
