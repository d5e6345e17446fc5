import type { InventoryObject } from '../../../common/model/inventory';
import { inventoryObject, siteId, text, type MappingContext, type NativeBody } from './context';

/** The region as the site everything else hangs under; its native body summarises the cloud. */
export function mapRegion(context: MappingContext, summary: NativeBody): InventoryObject {
  return inventoryObject(context, {
    kind: 'site',
    nativeType: 'region',
    nativeId: context.region,
    name: context.region,
    state: 'online',
    native: { region: context.region, ...summary },
  });
}

export function mapProject(project: NativeBody, context: MappingContext): InventoryObject {
  const id = String(project.id);
  return inventoryObject(context, {
    kind: 'tenant',
    nativeType: 'project',
    nativeId: id,
    name: text(project.name) ?? id,
    state: project.enabled === false ? 'offline' : 'online',
    parentId: siteId(context),
    facts: { notes: text(project.description) },
    native: project,
  });
}
