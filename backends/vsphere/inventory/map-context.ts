import {
  objectId,
  type InventoryObject,
  type ObjectFacts,
  type ObjectKind,
  type ObjectState,
  type Relation,
} from '../../../common/model/inventory';
import type { ObjectContent } from '../property-collector';
import { textAt, toPlain, type MoRef } from '../soap/xml-node';
import type { SkeletonIndex } from './skeleton-index';

export interface MapContext {
  connectionId: string;
  index: SkeletonIndex;
}

export function idOf(context: MapContext, kind: ObjectKind, ref: MoRef): string {
  return objectId(context.connectionId, kind, ref.value);
}

/** The retrieved properties as plain JSON, minus those the model holds in typed form elsewhere. */
export function nativeOf(content: ObjectContent, omit: readonly string[] = []): Record<string, unknown> {
  const native: Record<string, unknown> = { moref: content.ref.value, type: content.ref.type };
  for (const [path, value] of content.props) if (!omit.includes(path)) native[path] = toPlain(value);
  return native;
}

export interface ObjectParts {
  kind: ObjectKind;
  state: ObjectState;
  name?: string;
  parentId?: string | undefined;
  facts?: ObjectFacts;
  relations?: Relation[];
  native?: Record<string, unknown>;
}

export function buildObject(context: MapContext, content: ObjectContent, parts: ObjectParts): InventoryObject {
  const object: InventoryObject = {
    id: idOf(context, parts.kind, content.ref),
    connectionId: context.connectionId,
    platform: 'vsphere',
    kind: parts.kind,
    nativeId: content.ref.value,
    nativeType: content.ref.type,
    name: parts.name ?? textAt(content.props.get('name')) ?? content.ref.value,
    state: parts.state,
    facts: parts.facts ?? {},
    relations: parts.relations ?? [],
    native: parts.native ?? nativeOf(content),
  };
  if (parts.parentId) object.parentId = parts.parentId;
  return object;
}

/** The tree parent for objects that hang directly below their datacenter. */
export function siteIdOf(context: MapContext, ref: MoRef | undefined): string | undefined {
  const site = context.index.siteOf(ref);
  return site ? idOf(context, 'site', site) : undefined;
}

/** Facts without the keys whose value is unknown (undefined, or an empty list). */
export function definedFacts(values: { [K in keyof ObjectFacts]?: ObjectFacts[K] | undefined }): ObjectFacts {
  const facts: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key as keyof ObjectFacts];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) facts[key] = value;
  }
  return facts as ObjectFacts;
}

/** Seconds since an ISO time, for uptime; undefined when unknown or in the future. */
export function secondsSince(iso: string | undefined, now = Date.now()): number | undefined {
  if (!iso) return undefined;
  const started = Date.parse(iso);
  if (Number.isNaN(started) || started > now) return undefined;
  return Math.floor((now - started) / 1000);
}
