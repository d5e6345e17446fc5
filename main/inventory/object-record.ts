import { createHash } from 'node:crypto';
import type { InventoryObject, ObjectFacts, Relation } from '../../common/model/inventory';

/** How one object version sits in the `objects` table. */
export interface ObjectRecord {
  id: string;
  connection_id: string;
  platform: string;
  kind: string;
  native_id: string;
  native_type: string;
  name: string;
  state: string;
  parent_id: string | null;
  facts: string;
  relations: string;
  native: string;
  hash: string;
  cpu_count: number | null;
  memory_bytes: number | null;
  capacity_bytes: number | null;
  used_bytes: number | null;
}

/** The columns of the full-text index, in its declared order. */
export interface SearchDocument {
  name: string;
  addresses: string;
  uuid: string;
  tags: string;
  notes: string;
  guest_os: string;
  host_name: string;
}

export function toRecord(object: InventoryObject): ObjectRecord {
  const facts = JSON.stringify(object.facts);
  const relations = JSON.stringify(object.relations);
  const native = JSON.stringify(object.native);
  return {
    id: object.id,
    connection_id: object.connectionId,
    platform: object.platform,
    kind: object.kind,
    native_id: object.nativeId,
    native_type: object.nativeType,
    name: object.name,
    state: object.state,
    parent_id: object.parentId ?? null,
    facts,
    relations,
    native,
    hash: contentHash(object, facts, relations, native),
    cpu_count: numberOrNull(object.facts.cpuCount),
    memory_bytes: numberOrNull(object.facts.memoryBytes),
    capacity_bytes: numberOrNull(object.facts.capacityBytes),
    used_bytes: numberOrNull(object.facts.usedBytes),
  };
}

/** The columns needed to rebuild an object. */
export type ObjectColumns = Omit<ObjectRecord, 'hash' | 'cpu_count' | 'memory_bytes' | 'capacity_bytes' | 'used_bytes'>;

/** The stored columns every read needs, as the model's shape (the part objects and summaries share). */
export interface SummaryColumns {
  id: string;
  connection_id: string;
  platform: string;
  kind: string;
  native_type: string;
  name: string;
  state: string;
  parent_id: string | null;
  facts: string;
  relations: string;
}

export function summaryFromColumns(record: SummaryColumns): Omit<InventoryObject, 'nativeId' | 'native'> {
  const summary: Omit<InventoryObject, 'nativeId' | 'native'> = {
    id: record.id,
    connectionId: record.connection_id,
    platform: record.platform as InventoryObject['platform'],
    kind: record.kind as InventoryObject['kind'],
    nativeType: record.native_type,
    name: record.name,
    state: record.state as InventoryObject['state'],
    facts: JSON.parse(record.facts) as ObjectFacts,
    relations: JSON.parse(record.relations) as Relation[],
  };
  if (record.parent_id !== null) summary.parentId = record.parent_id;
  return summary;
}

export function fromRecord(record: ObjectColumns): InventoryObject {
  return { ...summaryFromColumns(record), nativeId: record.native_id, native: JSON.parse(record.native) as Record<string, unknown> };
}

/** Same content, same hash: a re-sync of an unchanged object writes nothing. */
function contentHash(object: InventoryObject, facts: string, relations: string, native: string): string {
  return createHash('sha1')
    .update([object.kind, object.nativeType, object.name, object.state, object.parentId ?? '', facts, relations, native].join('\u0000'))
    .digest('base64');
}

function numberOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The text the full-text index holds for an object: names, addresses, ids, tags, notes, guest. */
export function searchDocument(object: Pick<InventoryObject, 'name' | 'facts'>): SearchDocument {
  const { facts } = object;
  const nics = facts.nics ?? [];
  const addresses = new Set<string>([
    ...(facts.ipAddresses ?? []),
    ...(facts.macAddresses ?? []),
    ...nics.flatMap((nic) => [...(nic.ipAddresses ?? []), ...(nic.mac ? [nic.mac] : [])]),
  ]);
  if (facts.cidr) addresses.add(facts.cidr);
  return {
    name: object.name,
    addresses: [...addresses].join(' '),
    uuid: facts.uuid ?? '',
    tags: (facts.tags ?? []).join(' '),
    notes: facts.notes ?? '',
    guest_os: facts.guestOs ?? '',
    host_name: facts.hostName ?? '',
  };
}
