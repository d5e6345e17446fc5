import { describe, expect, it } from 'vitest';
import { columnDefinition, columnDefinitions, defaultColumnKeys } from './inventory-columns';
import type { ObjectSummary } from './inventory-views';

const vm: ObjectSummary = {
  id: 'lab/vm/vm-7',
  connectionId: 'lab',
  platform: 'vsphere',
  kind: 'vm',
  nativeType: 'VirtualMachine',
  name: 'web-07',
  state: 'running',
  runsOn: 'esx-03.lab',
  facts: {
    cpuCount: 4,
    memoryBytes: 6 * 1024 ** 3,
    ipAddresses: ['10.0.0.7', 'fe80::7'],
    macAddresses: ['00:50:56:00:00:07'],
    nics: [{ label: 'nic1', mac: '00:50:56:00:00:08' }],
  },
  relations: [],
};

const cell = (key: string): unknown => columnDefinition(key)?.value(vm);

describe('inventory column definitions', () => {
  it('read what the table and the exports show from an object summary', () => {
    expect(cell('name')).toBe('web-07');
    expect(cell('host')).toBe('esx-03.lab');
    expect(cell('memory')).toBe(6);
    expect(cell('ip')).toBe('10.0.0.7, fe80::7');
    expect(cell('mac')).toBe('00:50:56:00:00:07, 00:50:56:00:00:08');
    expect(cell('disk')).toBeUndefined();
  });

  it('mark the numeric columns, and every default key names a column', () => {
    expect(columnDefinitions.filter((column) => column.numeric).map((column) => column.key)).toEqual([
      'cpu',
      'memory',
      'disk',
      'used',
      'vlan',
    ]);
    for (const key of defaultColumnKeys) expect(columnDefinition(key), key).toBeDefined();
    expect(new Set(columnDefinitions.map((column) => column.key)).size).toBe(columnDefinitions.length);
  });
});
