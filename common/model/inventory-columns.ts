import type { ObjectSummary } from './inventory-views';

export type CellValue = string | number | undefined;

/**
 * A column of the inventory: what the renderer's table shows and what the CSV/JSON exports
 * write, from one definition. The host adds how each column sorts in SQL (main/inventory/columns.ts).
 */
export interface ColumnDefinition {
  key: string;
  label: string;
  /** Numbers: right-aligned in the table, written as numbers in exports. */
  numeric: boolean;
  value(object: ObjectSummary): CellValue;
}

const gib = 1024 ** 3;
export const toGiB = (bytes: number | undefined): number | undefined =>
  bytes === undefined ? undefined : Math.round((bytes / gib) * 100) / 100;
const list = (values: readonly string[] | undefined): string | undefined => (values && values.length > 0 ? values.join(', ') : undefined);
const macs = (object: ObjectSummary): string[] => [
  ...(object.facts.macAddresses ?? []),
  ...(object.facts.nics ?? []).flatMap((nic) => (nic.mac ? [nic.mac] : [])),
];

const text = (key: string, label: string, value: ColumnDefinition['value']): ColumnDefinition => ({ key, label, numeric: false, value });
const number = (key: string, label: string, value: ColumnDefinition['value']): ColumnDefinition => ({ key, label, numeric: true, value });

export const columnDefinitions: readonly ColumnDefinition[] = [
  text('name', 'Name', (o) => o.name),
  text('kind', 'Kind', (o) => o.kind),
  text('state', 'State', (o) => o.state),
  text('connection', 'Connection', (o) => o.connectionId),
  text('platform', 'Platform', (o) => o.platform),
  text('type', 'Type', (o) => o.nativeType),
  text('host', 'Host', (o) => o.runsOn),
  number('cpu', 'CPUs', (o) => o.facts.cpuCount),
  number('memory', 'Memory (GiB)', (o) => toGiB(o.facts.memoryBytes)),
  number('disk', 'Disk (GiB)', (o) => toGiB(o.facts.capacityBytes)),
  number('used', 'Used (GiB)', (o) => toGiB(o.facts.usedBytes)),
  text('os', 'Guest OS', (o) => o.facts.guestOs),
  text('ip', 'IP addresses', (o) => list(o.facts.ipAddresses)),
  text('mac', 'MAC addresses', (o) => list(macs(o))),
  text('hostname', 'Guest host name', (o) => o.facts.hostName),
  text('uuid', 'UUID', (o) => o.facts.uuid),
  text('version', 'Version', (o) => o.facts.version),
  number('vlan', 'VLAN', (o) => o.facts.vlan),
  text('cidr', 'CIDR', (o) => o.facts.cidr),
  text('tags', 'Tags', (o) => list(o.facts.tags)),
  text('notes', 'Notes', (o) => o.facts.notes),
  text('created', 'Created', (o) => o.facts.createdAt),
  text('parent', 'Parent', (o) => o.parentId),
  text('id', 'Id', (o) => o.id),
];

export const columnKeys: readonly string[] = columnDefinitions.map((column) => column.key);

const byKey = new Map(columnDefinitions.map((column) => [column.key, column]));

export function columnDefinition(key: string): ColumnDefinition | undefined {
  return byKey.get(key);
}

export const defaultColumnKeys = ['name', 'kind', 'state', 'connection', 'host', 'cpu', 'memory', 'disk', 'os', 'ip'] as const;
