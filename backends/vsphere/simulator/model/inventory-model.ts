import { moRefKey, type MoRef } from '../../soap/xml-node';
import { ChangeLog } from './change-log';
import { containerOf, type SimEntity } from './entities';

/** The entity record for a vim25 type (a SimPool for both ResourcePool and VirtualApp). */
export type EntityOf<T extends SimEntity['type']> = SimEntity extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;

/** Managed-object id prefixes, as vCenter spells them. */
const prefixes: Record<string, string> = {
  Folder: 'group-v',
  Datacenter: 'datacenter-',
  ClusterComputeResource: 'domain-c',
  ComputeResource: 'domain-s',
  HostSystem: 'host-',
  ResourcePool: 'resgroup-',
  VirtualApp: 'resgroup-v',
  Datastore: 'datastore-',
  StoragePod: 'group-p',
  Network: 'network-',
  DistributedVirtualPortgroup: 'dvportgroup-',
  OpaqueNetwork: 'network-o',
  VmwareDistributedVirtualSwitch: 'dvs-',
  VirtualMachine: 'vm-',
  VirtualMachineSnapshot: 'snapshot-',
  Task: 'task-',
};

/**
 * The simulated inventory: entities by reference, their children (for container views),
 * and the change log that property collectors watch. All changes go through here.
 */
export class SimInventory {
  readonly rootFolder: MoRef = { type: 'Folder', value: 'group-d1' };
  readonly changes = new ChangeLog();
  readonly #entities = new Map<string, SimEntity>();
  readonly #children = new Map<string, MoRef[]>();
  #nextId = 2;

  newRef(type: string): MoRef {
    return { type, value: `${prefixes[type] ?? `${type.toLowerCase()}-`}${this.#nextId++}` };
  }

  get size(): number {
    return this.#entities.size;
  }

  get(ref: MoRef | undefined): SimEntity | undefined {
    return ref ? this.#entities.get(moRefKey(ref)) : undefined;
  }

  /** The entity, narrowed to the expected type, or undefined. */
  getAs<T extends SimEntity['type']>(ref: MoRef | undefined, type: T): EntityOf<T> | undefined {
    const entity = this.get(ref);
    return entity?.type === type ? (entity as EntityOf<T>) : undefined;
  }

  *all(): IterableIterator<SimEntity> {
    yield* this.#entities.values();
  }

  add(entity: SimEntity, record = true): void {
    this.#entities.set(moRefKey(entity.ref), entity);
    const container = containerOf(entity);
    if (container) this.#childList(container).push(entity.ref);
    if (record) this.changes.record(entity.ref, 'enter');
  }

  remove(ref: MoRef): void {
    const entity = this.get(ref);
    if (!entity) return;
    this.#detach(entity);
    this.#entities.delete(moRefKey(ref));
    this.changes.record(ref, 'leave');
  }

  /** Records that properties of an entity changed (what property collectors report as modify). */
  touch(entity: SimEntity, paths: readonly string[]): void {
    this.changes.record(entity.ref, 'modify', paths);
  }

  /** Moves an entity to another container (a VM to another vApp, say), keeping the children index right. */
  reparent(entity: SimEntity, update: () => void): void {
    this.#detach(entity);
    update();
    const container = containerOf(entity);
    if (container) this.#childList(container).push(entity.ref);
  }

  /** Everything below a container, depth first (what a recursive ContainerView shows). */
  descendants(container: MoRef, recursive: boolean): MoRef[] {
    const result: MoRef[] = [];
    const visit = (ref: MoRef): void => {
      for (const child of this.#children.get(moRefKey(ref)) ?? []) {
        result.push(child);
        if (recursive) visit(child);
      }
    };
    visit(container);
    return result;
  }

  #childList(container: MoRef): MoRef[] {
    const key = moRefKey(container);
    let list = this.#children.get(key);
    if (!list) {
      list = [];
      this.#children.set(key, list);
    }
    return list;
  }

  #detach(entity: SimEntity): void {
    const container = containerOf(entity);
    if (!container) return;
    const list = this.#children.get(moRefKey(container));
    const index = list?.findIndex((r) => r.value === entity.ref.value) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  }
}
