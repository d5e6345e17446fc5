import type { InventoryObject, Relation } from '../../../common/model/inventory';
import {
  gibToBytes,
  idOf,
  inventoryObject,
  list,
  num,
  ownerRelation,
  record,
  siteId,
  text,
  zoneId,
  type MappingContext,
  type NativeBody,
} from './context';
import { imageState, volumeState } from './states';

/** Glance marks images made from a server with image_type=snapshot and the server's id. */
export const isInstanceSnapshot = (image: NativeBody): boolean =>
  image.image_type === 'snapshot' && text(image.instance_uuid) !== undefined;

/** A Glance image: a template, or an instance snapshot when it was made from a server. */
export function mapImage(image: NativeBody, context: MappingContext): InventoryObject {
  const id = String(image.id);
  const snapshot = isInstanceSnapshot(image);
  const serverId = text(image.instance_uuid);
  const relations: Relation[] = snapshot && serverId ? [{ type: 'snapshot-of', to: idOf(context, 'vm', serverId) }] : [];
  relations.push(...ownerRelation(context, image.owner));
  return inventoryObject(context, {
    kind: snapshot ? 'snapshot' : 'template',
    nativeType: snapshot ? 'instance-snapshot' : 'image',
    nativeId: id,
    name: text(image.name) ?? id,
    state: imageState(image.status),
    parentId: snapshot && serverId ? idOf(context, 'vm', serverId) : siteId(context),
    facts: {
      capacityBytes: num(image.size),
      guestOs: text(image.os_distro) ?? text(image.os_type),
      tags: list(image.tags).filter((tag): tag is string => typeof tag === 'string'),
      createdAt: text(image.created_at),
    },
    relations,
    native: image,
  });
}

export function mapVolume(volume: NativeBody, context: MappingContext): InventoryObject {
  const id = String(volume.id);
  const relations: Relation[] = [];
  for (const attachment of list(volume.attachments).map(record)) {
    const serverId = text(attachment.server_id);
    if (!serverId) continue;
    const relation: Relation = { type: 'attached-to', to: idOf(context, 'vm', serverId) };
    const device = text(attachment.device);
    if (device) relation.via = device;
    relations.push(relation);
  }
  relations.push(...ownerRelation(context, volume['os-vol-tenant-attr:tenant_id']));
  const zone = text(volume.availability_zone);
  return inventoryObject(context, {
    kind: 'storage',
    nativeType: 'volume',
    nativeId: id,
    name: text(volume.name) ?? id,
    state: volumeState(volume.status),
    parentId: zone && context.zones.has(zone) ? zoneId(context, zone) : siteId(context),
    facts: {
      capacityBytes: gibToBytes(volume.size),
      storageType: text(volume.volume_type),
      notes: text(volume.description),
      createdAt: text(volume.created_at),
    },
    relations,
    native: volume,
  });
}

export function mapVolumeSnapshot(snapshot: NativeBody, context: MappingContext): InventoryObject {
  const id = String(snapshot.id);
  const volumeId = idOf(context, 'storage', String(snapshot.volume_id));
  return inventoryObject(context, {
    kind: 'snapshot',
    nativeType: 'volume-snapshot',
    nativeId: id,
    name: text(snapshot.name) ?? id,
    state: volumeState(snapshot.status),
    parentId: volumeId,
    facts: { capacityBytes: gibToBytes(snapshot.size), createdAt: text(snapshot.created_at), notes: text(snapshot.description) },
    relations: [{ type: 'snapshot-of', to: volumeId }, ...ownerRelation(context, snapshot['os-extended-snapshot-attributes:project_id'])],
    native: snapshot,
  });
}
