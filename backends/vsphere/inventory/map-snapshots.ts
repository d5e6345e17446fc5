import type { InventoryObject } from '../../../common/model/inventory';
import { booleanAt, child, childrenNamed, moRefOf, textAt, type MoRef, type XmlNode } from '../soap/xml-node';
import { buildObject, type MapContext } from './map-context';

/**
 * The snapshot tree of one VM (its `snapshot` property) as snapshot objects: each sits
 * below its parent snapshot (the first ones below the VM) and is a snapshot-of the VM.
 */
export function mapSnapshots(context: MapContext, vmId: string, vm: MoRef, info: XmlNode | undefined): InventoryObject[] {
  if (!info) return [];
  const current = moRefOf(child(info, 'currentSnapshot'))?.value;
  const result: InventoryObject[] = [];
  const visit = (tree: XmlNode, parentId: string): void => {
    const ref = moRefOf(child(tree, 'snapshot'));
    if (!ref) return;
    const description = textAt(tree, 'description');
    const createdAt = textAt(tree, 'createTime');
    const snapshot = buildObject(
      context,
      { ref, props: new Map() },
      {
        kind: 'snapshot',
        state: 'available',
        name: textAt(tree, 'name') ?? ref.value,
        parentId,
        facts: { ...(createdAt ? { createdAt } : {}), ...(description ? { notes: description } : {}) },
        relations: [{ type: 'snapshot-of', to: vmId }],
        native: {
          moref: ref.value,
          vm: vm.value,
          id: textAt(tree, 'id'),
          powerState: textAt(tree, 'state'),
          quiesced: booleanAt(tree, 'quiesced'),
          current: ref.value === current,
        },
      },
    );
    result.push(snapshot);
    for (const childTree of childrenNamed(tree, 'childSnapshotList')) visit(childTree, snapshot.id);
  };
  for (const root of childrenNamed(info, 'rootSnapshotList')) visit(root, vmId);
  return result;
}
