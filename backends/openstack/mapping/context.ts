import {
  objectId,
  type InventoryObject,
  type ObjectFacts,
  type ObjectId,
  type ObjectKind,
  type ObjectState,
  type Relation,
} from '../../../common/model/inventory';

/** An object as OpenStack sent it. */
export type NativeBody = Record<string, unknown>;

export interface NamedRef {
  id: string;
  name?: string;
}

/**
 * What mapping one object needs to know about the others: small lookups built from the short
 * lists fetched first (hypervisors, zones, networks, router interfaces, flavors), so the long
 * lists (servers, ports, volumes) map page by page as they arrive.
 */
export interface MappingContext {
  connectionId: string;
  region: string;
  /** hypervisor_hostname and service host → hypervisor id. */
  hypervisorsByHost: Map<string, string>;
  /** Service host → availability zone (from the zone details, admin only). */
  zoneOfHost: Map<string, string>;
  /** Availability zones that exist as cluster objects. */
  zones: Set<string>;
  /** Service host → aggregates (cluster objects) it belongs to. */
  aggregatesOfHost: Map<string, string[]>;
  /** Network name → networks of that name (servers name their networks, not their ids). */
  networksByName: Map<string, Array<{ id: string; projectId: string }>>;
  /** Router id → the networks its interfaces sit on. */
  routerInterfaces: Map<string, Array<{ networkId: string; portId: string }>>;
  /** Flavors by id, for Nova microversions that do not inline them. */
  flavors: Map<string, NativeBody>;
  /** Server id → server groups it belongs to. */
  serverGroupsOfServer: Map<string, NamedRef[]>;
  /** The token's project: owner of what a project user lists when the API hides the owner. */
  scopedProjectId?: string;
}

export function emptyContext(connectionId: string, region: string): MappingContext {
  return {
    connectionId,
    region,
    hypervisorsByHost: new Map(),
    zoneOfHost: new Map(),
    zones: new Set(),
    aggregatesOfHost: new Map(),
    networksByName: new Map(),
    routerInterfaces: new Map(),
    flavors: new Map(),
    serverGroupsOfServer: new Map(),
  };
}

export const idOf = (context: MappingContext, kind: ObjectKind, nativeId: string): ObjectId =>
  objectId(context.connectionId, kind, nativeId);
export const siteId = (context: MappingContext): ObjectId => idOf(context, 'site', context.region);
export const zoneId = (context: MappingContext, zone: string): ObjectId => idOf(context, 'cluster', zone);

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const record = (value: unknown): NativeBody =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as NativeBody) : {};

const gib = 1024 ** 3;
const mib = 1024 ** 2;
export const gibToBytes = (value: unknown): number | undefined => (num(value) === undefined ? undefined : (value as number) * gib);
export const mibToBytes = (value: unknown): number | undefined => (num(value) === undefined ? undefined : (value as number) * mib);

/**
 * member-of the owning project. An owner field the API left out (Cinder hides it from project
 * users) means the token's project; an empty one (router gateway ports) means nobody.
 */
export function ownerRelation(context: MappingContext, projectId: unknown): Relation[] {
  const owner = projectId === undefined ? context.scopedProjectId : text(projectId);
  return owner ? [{ type: 'member-of', to: idOf(context, 'tenant', owner) }] : [];
}

/** Facts without the keys whose value is unknown, so objects stay small. */
export function compactFacts(facts: ObjectFacts): ObjectFacts {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    result[key] = value;
  }
  return result as ObjectFacts;
}

export interface ObjectSpec {
  kind: ObjectKind;
  nativeType: string;
  nativeId: string;
  name: string;
  state: ObjectState;
  parentId?: ObjectId;
  facts?: ObjectFacts;
  relations?: Relation[];
  native: NativeBody;
}

export function inventoryObject(context: MappingContext, spec: ObjectSpec): InventoryObject {
  const object: InventoryObject = {
    id: idOf(context, spec.kind, spec.nativeId),
    connectionId: context.connectionId,
    platform: 'openstack',
    kind: spec.kind,
    nativeId: spec.nativeId,
    nativeType: spec.nativeType,
    name: spec.name,
    state: spec.state,
    facts: compactFacts(spec.facts ?? {}),
    relations: spec.relations ?? [],
    native: spec.native,
  };
  if (spec.parentId) object.parentId = spec.parentId;
  return object;
}
