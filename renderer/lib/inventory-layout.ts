import { columnDefinition } from '../../common/model/inventory-columns';
import type { ObjectKind } from '../../common/model/inventory';

/** The columns a table of one kind starts with (the user can choose others). */
export function defaultColumns(kind: ObjectKind | undefined): string[] {
  switch (kind) {
    case 'vm':
      return ['name', 'state', 'connection', 'host', 'cpu', 'memory', 'disk', 'os', 'ip', 'tags'];
    case 'template':
      return ['name', 'state', 'connection', 'cpu', 'memory', 'disk', 'os'];
    case 'host':
      return ['name', 'state', 'connection', 'type', 'cpu', 'memory', 'version'];
    case 'storage':
      return ['name', 'state', 'connection', 'type', 'disk', 'used'];
    case 'network':
      return ['name', 'state', 'connection', 'type', 'vlan', 'cidr'];
    case 'snapshot':
      return ['name', 'state', 'connection', 'created'];
    case undefined:
      return ['name', 'kind', 'state', 'connection', 'host', 'ip'];
    default:
      return ['name', 'state', 'connection', 'type'];
  }
}

const widths: Record<string, number> = {
  name: 240,
  kind: 90,
  state: 110,
  connection: 170,
  platform: 100,
  type: 150,
  host: 190,
  cpu: 70,
  memory: 122,
  disk: 100,
  used: 100,
  os: 230,
  ip: 200,
  mac: 170,
  hostname: 240,
  uuid: 290,
  vlan: 70,
  tags: 140,
  notes: 240,
  created: 180,
  parent: 240,
  id: 260,
};

export const minColumnWidth = 48;

/** A column's starting width in pixels. */
export function defaultWidth(key: string): number {
  return widths[key] ?? (columnDefinition(key)?.numeric ? 90 : 150);
}
