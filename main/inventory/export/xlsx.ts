import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { ObjectId, ObjectKind } from '../../../common/model/inventory';
import { toGiB, type CellValue } from '../columns';
import type { InventoryStore } from '../inventory-store';
import type { ObjectSummary } from '../model';

/** Names of the objects a chunk of rows points at (hosts, storage, networks, parents). */
type Names = ReadonlyMap<ObjectId, string>;

/** One sheet: which kind it lists, its headers, and the rows one object gives (several for disks and NICs). */
interface SheetSpec {
  name: string;
  kind: ObjectKind;
  headers: string[];
  rows(object: ObjectSummary, names: Names): CellValue[][];
  /** Ids whose names the rows need. */
  references(object: ObjectSummary): ObjectId[];
}

const joined = (values: readonly string[] | undefined): string | undefined => (values && values.length > 0 ? values.join(', ') : undefined);
const parentOf = (object: ObjectSummary): ObjectId[] => (object.parentId ? [object.parentId] : []);
const related = (object: ObjectSummary, type: string): ObjectId[] =>
  object.relations.filter((relation) => relation.type === type).map((relation) => relation.to);
const common = (object: ObjectSummary): CellValue[] => [object.name, object.state, object.connectionId, object.platform, object.nativeType];
const commonHeaders = ['Name', 'State', 'Connection', 'Platform', 'Type'];
const plainSheet = (name: string, kind: ObjectKind): SheetSpec => ({
  name,
  kind,
  headers: [...commonHeaders, 'Parent', 'Id'],
  rows: (o, names) => [[...common(o), o.parentId && names.get(o.parentId), o.id]],
  references: parentOf,
});

/**
 * The workbook, one sheet per kind in the spirit of RVTools: VMs (like vInfo), hosts,
 * storage, networks, snapshots, and one row per virtual disk and per virtual NIC.
 */
export const workbookSheets: readonly SheetSpec[] = [
  {
    name: 'VMs',
    kind: 'vm',
    headers: [
      ...commonHeaders,
      'Host',
      'CPUs',
      'Memory (GiB)',
      'Provisioned (GiB)',
      'Guest OS',
      'IP addresses',
      'Guest host name',
      'UUID',
      'Tags',
      'Notes',
      'Disks',
      'NICs',
      'Id',
    ],
    rows: (o) => [
      [
        ...common(o),
        o.runsOn,
        o.facts.cpuCount,
        toGiB(o.facts.memoryBytes),
        toGiB(o.facts.capacityBytes),
        o.facts.guestOs,
        joined(o.facts.ipAddresses),
        o.facts.hostName,
        o.facts.uuid,
        joined(o.facts.tags),
        o.facts.notes,
        o.facts.disks?.length ?? 0,
        o.facts.nics?.length ?? 0,
        o.id,
      ],
    ],
    references: () => [],
  },
  {
    name: 'Templates',
    kind: 'template',
    headers: [...commonHeaders, 'CPUs', 'Memory (GiB)', 'Disk (GiB)', 'Guest OS', 'Id'],
    rows: (o) => [[...common(o), o.facts.cpuCount, toGiB(o.facts.memoryBytes), toGiB(o.facts.capacityBytes), o.facts.guestOs, o.id]],
    references: () => [],
  },
  {
    name: 'Hosts',
    kind: 'host',
    headers: [...commonHeaders, 'Cluster', 'CPUs', 'Memory (GiB)', 'Version', 'Uptime (days)', 'Id'],
    rows: (o, names) => [
      [
        ...common(o),
        o.parentId && names.get(o.parentId),
        o.facts.cpuCount,
        toGiB(o.facts.memoryBytes),
        o.facts.version,
        o.facts.uptimeSeconds === undefined ? undefined : Math.floor(o.facts.uptimeSeconds / 86_400),
        o.id,
      ],
    ],
    references: parentOf,
  },
  plainSheet('Clusters', 'cluster'),
  plainSheet('Sites', 'site'),
  {
    name: 'Storage',
    kind: 'storage',
    headers: [...commonHeaders, 'Capacity (GiB)', 'Used (GiB)', 'Free (GiB)', 'Used %', 'Id'],
    rows: (o) => {
      const { capacityBytes, usedBytes } = o.facts;
      const free = capacityBytes !== undefined && usedBytes !== undefined ? capacityBytes - usedBytes : undefined;
      const percent = capacityBytes && usedBytes !== undefined ? Math.round((usedBytes / capacityBytes) * 1000) / 10 : undefined;
      return [[...common(o), toGiB(capacityBytes), toGiB(usedBytes), toGiB(free), percent, o.id]];
    },
    references: () => [],
  },
  {
    name: 'Networks',
    kind: 'network',
    headers: [...commonHeaders, 'VLAN', 'CIDR', 'Id'],
    rows: (o) => [[...common(o), o.facts.vlan, o.facts.cidr, o.id]],
    references: () => [],
  },
  {
    name: 'Snapshots',
    kind: 'snapshot',
    headers: ['Name', 'VM', 'Connection', 'Platform', 'Created', 'Id'],
    rows: (o, names) => {
      const [vm] = related(o, 'snapshot-of');
      return [[o.name, vm && names.get(vm), o.connectionId, o.platform, o.facts.createdAt, o.id]];
    },
    references: (o) => related(o, 'snapshot-of'),
  },
  plainSheet('Tenants', 'tenant'),
  {
    name: 'Disks',
    kind: 'vm',
    headers: ['VM', 'Connection', 'Disk', 'Capacity (GiB)', 'Storage', 'Path', 'VM id'],
    rows: (o, names) =>
      (o.facts.disks ?? []).map((disk) => [
        o.name,
        o.connectionId,
        disk.label,
        toGiB(disk.capacityBytes),
        disk.storageId && names.get(disk.storageId),
        disk.path,
        o.id,
      ]),
    references: (o) => (o.facts.disks ?? []).flatMap((disk) => (disk.storageId ? [disk.storageId] : [])),
  },
  {
    name: 'NICs',
    kind: 'vm',
    headers: ['VM', 'Connection', 'NIC', 'MAC', 'Network', 'VLAN', 'IP addresses', 'Model', 'VM id'],
    rows: (o, names) =>
      (o.facts.nics ?? []).map((nic) => [
        o.name,
        o.connectionId,
        nic.label,
        nic.mac,
        nic.networkId && names.get(nic.networkId),
        nic.vlan,
        joined(nic.ipAddresses),
        nic.model,
        o.id,
      ]),
    references: (o) => (o.facts.nics ?? []).flatMap((nic) => (nic.networkId ? [nic.networkId] : [])),
  },
];

export interface XlsxExportResult {
  sheets: { name: string; rows: number }[];
}

/**
 * Streams the inventory (one connection or all) as an XLSX workbook to a file path or a
 * stream: rows are committed as they are written, so big inventories never sit in memory whole.
 */
export async function exportXlsx(
  store: InventoryStore,
  destination: string | Writable,
  options: { connectionId?: string; signal?: AbortSignal } = {},
): Promise<XlsxExportResult> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter(
    typeof destination === 'string'
      ? { filename: destination, useStyles: true, useSharedStrings: false }
      : { stream: destination, useStyles: true, useSharedStrings: false },
  );
  workbook.creator = 'Skydeck';
  const result: XlsxExportResult = { sheets: [] };
  for (const spec of workbookSheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.addRow(spec.headers);
    header.font = { bold: true };
    header.commit();
    let rows = 0;
    const view = options.connectionId === undefined ? { kind: spec.kind } : { kind: spec.kind, connectionId: options.connectionId };
    for await (const chunk of store.viewChunks(view)) {
      options.signal?.throwIfAborted();
      const names = store.namesOf(chunk.flatMap((object) => spec.references(object)));
      for (const object of chunk) {
        for (const values of spec.rows(object, names)) {
          sheet.addRow(values.map((value) => value ?? null)).commit();
          rows += 1;
        }
      }
    }
    sheet.commit();
    result.sheets.push({ name: spec.name, rows });
  }
  await workbook.commit();
  return result;
}
