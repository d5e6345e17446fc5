import { describe, expect, it } from 'vitest';
import { diffResources } from './resource-diff';

const vm = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'qemu/100',
  type: 'qemu',
  vmid: 100,
  name: 'web-01',
  node: 'pve1',
  status: 'running',
  cpu: 0.1,
  mem: 1000,
  netin: 5,
  uptime: 10,
  ...overrides,
});

describe('diffResources', () => {
  const previous = new Map([
    ['qemu/100', vm()],
    ['node/pve1', { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online', cpu: 0.2 }],
  ]);

  it('ignores usage numbers that move every poll', () => {
    const changes = diffResources(previous, [
      vm({ cpu: 0.9, mem: 5000, netin: 999, uptime: 20 }),
      { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online', cpu: 0.7 },
    ]);
    expect(changes).toEqual({ changed: [], removed: [] });
  });

  it('reports power, placement and naming changes, new rows and vanished rows', () => {
    const moved = vm({ node: 'pve2', status: 'stopped' });
    const added = vm({ id: 'lxc/101', type: 'lxc', vmid: 101, name: 'ct-dns-01' });
    const changes = diffResources(previous, [moved, added]);
    expect(changes.changed).toEqual([moved, added]);
    expect(changes.removed.map((row) => row.id)).toEqual(['node/pve1']);
  });

  it('leaves row types the inventory does not map out of the diff', () => {
    expect(diffResources(new Map(), [{ id: 'sdn/pve1/zone', type: 'sdn', status: 'ok' }]).changed).toEqual([]);
  });
});
