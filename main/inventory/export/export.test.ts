import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import readExcelFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryObject } from '../../../common/model/inventory';
import { SyncEngine } from '../sync-engine';
import { buildLab, deltaGroup, makeObject, syncTarget } from '../testing/inventory-factory';
import { openTempStore } from '../testing/temp-store';
import { csvField, exportCsv } from './csv';
import { exportJson } from './json';
import { exportXlsx } from './xlsx';

describe('csvField', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('he said "hi"')).toBe('"he said ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(-4.5)).toBe('-4.5');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tTAB')).toBe("'\tTAB");
  });
});

describe('exports', () => {
  const handle = openTempStore();
  const folder = join(handle.path, '..');
  const lab = buildLab({
    connectionId: 'lab',
    platform: 'vsphere',
    clusters: 1,
    hostsPerCluster: 2,
    vmsPerHost: 3,
    datastores: 2,
    networks: 2,
    snapshotShare: 0.5,
  });
  const tricky: InventoryObject[] = [
    makeObject('lab', 'vm', 'evil', { name: "=cmd|' /C calc'!A0", facts: { cpuCount: 2, notes: 'line one\nline "two", three' } }),
    makeObject('lab', 'vm', 'comma', { name: 'web, the second', facts: { cpuCount: 1, memoryBytes: 1.5 * 1024 ** 3 } }),
  ];

  beforeAll(async () => {
    await new SyncEngine(handle.store).sync(syncTarget('lab'), deltaGroup([...lab, ...tricky]), new AbortController().signal);
  });
  afterAll(() => handle.dispose());

  it('writes a view as CSV with the chosen columns, quoted and defused', async () => {
    const path = join(folder, 'vms.csv');
    const rows = await exportCsv(
      handle.store,
      { query: 'cpu<=2', kind: 'vm', sort: 'name' },
      ['name', 'cpu', 'memory', 'notes'],
      createWriteStream(path),
    );
    const text = readFileSync(path, 'utf8');
    const vmsWithFewCpus = [...lab, ...tricky].filter((o) => o.kind === 'vm' && (o.facts.cpuCount ?? 0) <= 2);
    expect(rows).toBe(vmsWithFewCpus.length);
    expect(text.startsWith('Name,CPUs,Memory (GiB),Notes\r\n')).toBe(true);
    expect(text).toContain(`'=cmd|' /C calc'!A0,2,,"line one\nline ""two"", three"\r\n`);
    expect(text).toContain('"web, the second",1,1.5,\r\n');
    expect(text.split('\r\n').filter((line) => line.length > 0)).toHaveLength(rows + 1);
  });

  it('writes a view as a JSON array of records keyed by column', async () => {
    const path = join(folder, 'hosts.json');
    const rows = await exportJson(handle.store, { kind: 'host' }, ['name', 'cpu', 'memory', 'id'], createWriteStream(path));
    const records = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
    expect(rows).toBe(2);
    expect(records).toEqual([
      { name: 'esx-00.lab.lab', cpu: 64, memory: 512, id: 'lab/host/host0' },
      { name: 'esx-01.lab.lab', cpu: 64, memory: 512, id: 'lab/host/host1' },
    ]);
    const emptyPath = join(folder, 'none.json');
    await exportJson(handle.store, { query: 'nothing-matches-this' }, ['name'], createWriteStream(emptyPath));
    expect(JSON.parse(readFileSync(emptyPath, 'utf8'))).toEqual([]);
  });

  it('refuses an unknown column plainly', async () => {
    await expect(exportCsv(handle.store, {}, ['name', 'colour'], createWriteStream(join(folder, 'x.csv')))).rejects.toThrow(
      /no column "colour"/,
    );
  });

  it('writes an XLSX workbook, one sheet per kind plus disks and NICs, that another reader reads back', async () => {
    const path = join(folder, 'inventory.xlsx');
    const result = await exportXlsx(handle.store, createWriteStream(path));
    const vms = [...lab, ...tricky].filter((o) => o.kind === 'vm');
    expect(result.sheets.find((sheet) => sheet.name === 'VMs')?.rows).toBe(vms.length);

    const sheets = await readExcelFile(createReadStream(path));
    expect(sheets.map((sheet) => sheet.sheet)).toEqual([
      'VMs',
      'Templates',
      'Hosts',
      'Clusters',
      'Sites',
      'Storage',
      'Networks',
      'Snapshots',
      'Tenants',
      'Disks',
      'NICs',
    ]);
    const sheet = (name: string): unknown[][] => sheets.find((one) => one.sheet === name)?.data as unknown[][];

    const vmSheet = sheet('VMs');
    expect(vmSheet[0]?.slice(0, 9)).toEqual([
      'Name',
      'State',
      'Connection',
      'Platform',
      'Type',
      'Host',
      'CPUs',
      'Memory (GiB)',
      'Provisioned (GiB)',
    ]);
    expect(vmSheet).toHaveLength(vms.length + 1);
    const first = lab.find((o) => o.kind === 'vm') as InventoryObject;
    const firstRow = vmSheet.find((row) => row[0] === first.name);
    expect(firstRow?.slice(0, 8)).toEqual([
      first.name,
      first.state,
      'lab',
      'vsphere',
      'VirtualMachine',
      'esx-00.lab.lab',
      first.facts.cpuCount,
      (first.facts.memoryBytes ?? 0) / 1024 ** 3,
    ]);
    expect(vmSheet.find((row) => row[0] === tricky[0]?.name)?.[14]).toBe('line one\nline "two", three');

    const disks = sheet('Disks');
    expect(disks[0]).toEqual(['VM', 'Connection', 'Disk', 'Capacity (GiB)', 'Storage', 'Path', 'VM id']);
    expect(disks).toHaveLength(lab.filter((o) => o.kind === 'vm').length + 1);
    const firstDisk = first.facts.disks?.[0];
    expect(disks.find((row) => row[6] === first.id)?.slice(0, 5)).toEqual([
      first.name,
      'lab',
      'disk0',
      (firstDisk?.capacityBytes ?? 0) / 1024 ** 3,
      lab.find((o) => o.id === firstDisk?.storageId)?.name,
    ]);

    const nics = sheet('NICs');
    expect(nics.find((row) => row[8] === first.id)?.slice(2, 5)).toEqual([
      'nic0',
      first.facts.nics?.[0]?.mac,
      lab.find((o) => o.id === first.facts.nics?.[0]?.networkId)?.name,
    ]);
    expect(sheet('Hosts')[1]?.slice(0, 6)).toEqual(['esx-00.lab.lab', 'online', 'lab', 'vsphere', 'HostSystem', 'lab-cl0']);
    expect(sheet('Storage')[0]).toEqual([
      'Name',
      'State',
      'Connection',
      'Platform',
      'Type',
      'Capacity (GiB)',
      'Used (GiB)',
      'Free (GiB)',
      'Used %',
      'Id',
    ]);
    const snapshots = sheet('Snapshots');
    expect(snapshots).toHaveLength(lab.filter((o) => o.kind === 'snapshot').length + 1);
    expect(snapshots[1]?.[1]).toMatch(/^[a-z]+-\d{5}$/);
  });
});
