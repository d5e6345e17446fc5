import { columnDefinitions, type ColumnDefinition } from '../../common/model/inventory-columns';
import { SkydeckFailure } from '../../common/errors/skydeck-error';

export { defaultColumnKeys, toGiB, type CellValue } from '../../common/model/inventory-columns';

/** A column of the inventory table and of the CSV/JSON exports, with how the store sorts it. */
export interface ViewColumn extends ColumnDefinition {
  /** Sort expression over the live object `o`, its body `b` (facts) and the `runs_on` name. */
  sortSql: string;
}

const sortSql: Record<string, string> = {
  name: 'o.name COLLATE NOCASE',
  kind: 'o.kind',
  state: 'o.state',
  connection: 'o.connection_id',
  platform: 'o.platform',
  type: 'o.native_type',
  host: 'runs_on COLLATE NOCASE',
  cpu: 'o.cpu_count',
  memory: 'o.memory_bytes',
  disk: 'o.capacity_bytes',
  used: 'o.used_bytes',
  os: "json_extract(b.facts, '$.guestOs') COLLATE NOCASE",
  ip: "json_extract(b.facts, '$.ipAddresses[0]')",
  mac: "json_extract(b.facts, '$.macAddresses[0]')",
  hostname: "json_extract(b.facts, '$.hostName') COLLATE NOCASE",
  uuid: "json_extract(b.facts, '$.uuid')",
  version: "json_extract(b.facts, '$.version')",
  vlan: "json_extract(b.facts, '$.vlan')",
  cidr: "json_extract(b.facts, '$.cidr')",
  tags: "json_extract(b.facts, '$.tags[0]') COLLATE NOCASE",
  notes: "json_extract(b.facts, '$.notes') COLLATE NOCASE",
  created: "json_extract(b.facts, '$.createdAt')",
  parent: 'o.parent_id',
  id: 'o.id',
};

export const viewColumns: readonly ViewColumn[] = columnDefinitions.map((column) => {
  const sql = sortSql[column.key];
  if (sql === undefined) throw new Error(`The inventory column "${column.key}" has no sort expression.`);
  return { ...column, sortSql: sql };
});

const byKey = new Map(viewColumns.map((column) => [column.key, column]));

/** The columns for these keys, in order; an unknown key is the caller's mistake, said plainly. */
export function resolveColumns(keys: readonly string[]): ViewColumn[] {
  return keys.map((key) => {
    const column = byKey.get(key);
    if (!column) throw new SkydeckFailure('invalid-input', `There is no column "${key}". Columns: ${[...byKey.keys()].join(', ')}.`);
    return column;
  });
}
