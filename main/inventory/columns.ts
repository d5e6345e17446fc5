import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ObjectSummary } from './model';

export type CellValue = string | number | undefined;

/** A column of the inventory table and of the CSV/JSON exports. */
export interface ViewColumn {
  key: string;
  label: string;
  /** Sort expression over the live object `o`, its body `b` (facts) and the `runs_on` name. */
  sortSql: string;
  value(object: ObjectSummary): CellValue;
}

const gib = 1024 ** 3;
export const toGiB = (bytes: number | undefined): number | undefined => (bytes === undefined ? undefined : Math.round((bytes / gib) * 100) / 100);
const list = (values: readonly string[] | undefined): string | undefined => (values && values.length > 0 ? values.join(', ') : undefined);
const macs = (object: ObjectSummary): string[] => [
  ...(object.facts.macAddresses ?? []),
  ...(object.facts.nics ?? []).flatMap((nic) => (nic.mac ? [nic.mac] : [])),
];

export const viewColumns: readonly ViewColumn[] = [
  { key: 'name', label: 'Name', sortSql: 'o.name COLLATE NOCASE', value: (o) => o.name },
  { key: 'kind', label: 'Kind', sortSql: 'o.kind', value: (o) => o.kind },
  { key: 'state', label: 'State', sortSql: 'o.state', value: (o) => o.state },
  { key: 'connection', label: 'Connection', sortSql: 'o.connection_id', value: (o) => o.connectionId },
  { key: 'platform', label: 'Platform', sortSql: 'o.platform', value: (o) => o.platform },
  { key: 'type', label: 'Type', sortSql: 'o.native_type', value: (o) => o.nativeType },
  { key: 'host', label: 'Host', sortSql: 'runs_on COLLATE NOCASE', value: (o) => o.runsOn },
  { key: 'cpu', label: 'CPUs', sortSql: 'o.cpu_count', value: (o) => o.facts.cpuCount },
  { key: 'memory', label: 'Memory (GiB)', sortSql: 'o.memory_bytes', value: (o) => toGiB(o.facts.memoryBytes) },
  { key: 'disk', label: 'Disk (GiB)', sortSql: 'o.capacity_bytes', value: (o) => toGiB(o.facts.capacityBytes) },
  { key: 'used', label: 'Used (GiB)', sortSql: 'o.used_bytes', value: (o) => toGiB(o.facts.usedBytes) },
  { key: 'os', label: 'Guest OS', sortSql: "json_extract(b.facts, '$.guestOs') COLLATE NOCASE", value: (o) => o.facts.guestOs },
  { key: 'ip', label: 'IP addresses', sortSql: "json_extract(b.facts, '$.ipAddresses[0]')", value: (o) => list(o.facts.ipAddresses) },
  { key: 'mac', label: 'MAC addresses', sortSql: "json_extract(b.facts, '$.macAddresses[0]')", value: (o) => list(macs(o)) },
  { key: 'hostname', label: 'Guest host name', sortSql: "json_extract(b.facts, '$.hostName') COLLATE NOCASE", value: (o) => o.facts.hostName },
  { key: 'uuid', label: 'UUID', sortSql: "json_extract(b.facts, '$.uuid')", value: (o) => o.facts.uuid },
  { key: 'version', label: 'Version', sortSql: "json_extract(b.facts, '$.version')", value: (o) => o.facts.version },
  { key: 'vlan', label: 'VLAN', sortSql: "json_extract(b.facts, '$.vlan')", value: (o) => o.facts.vlan },
  { key: 'cidr', label: 'CIDR', sortSql: "json_extract(b.facts, '$.cidr')", value: (o) => o.facts.cidr },
  { key: 'tags', label: 'Tags', sortSql: "json_extract(b.facts, '$.tags[0]') COLLATE NOCASE", value: (o) => list(o.facts.tags) },
  { key: 'notes', label: 'Notes', sortSql: "json_extract(b.facts, '$.notes') COLLATE NOCASE", value: (o) => o.facts.notes },
  { key: 'created', label: 'Created', sortSql: "json_extract(b.facts, '$.createdAt')", value: (o) => o.facts.createdAt },
  { key: 'parent', label: 'Parent', sortSql: 'o.parent_id', value: (o) => o.parentId },
  { key: 'id', label: 'Id', sortSql: 'o.id', value: (o) => o.id },
];

const byKey = new Map(viewColumns.map((column) => [column.key, column]));

/** The columns for these keys, in order; an unknown key is the caller's mistake, said plainly. */
export function resolveColumns(keys: readonly string[]): ViewColumn[] {
  return keys.map((key) => {
    const column = byKey.get(key);
    if (!column) throw new SkydeckFailure('invalid-input', `There is no column "${key}". Columns: ${[...byKey.keys()].join(', ')}.`);
    return column;
  });
}

export const defaultColumnKeys = ['name', 'kind', 'state', 'connection', 'host', 'cpu', 'memory', 'disk', 'os', 'ip'] as const;
