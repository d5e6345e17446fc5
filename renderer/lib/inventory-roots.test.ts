import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../common/model/connection';
import type { ConnectionInventory } from '../../common/model/inventory-views';
import { inventoryRoots } from './inventory-roots';

const now = Date.parse('2026-03-01T12:00:00Z');
const stored = (connectionId: string, name: string, objectCount: number): ConnectionInventory => ({
  connectionId,
  name,
  platform: 'proxmox',
  level: 'fresh',
  lastSyncAt: new Date(now - 60_000).toISOString(),
  objectCount,
});
const config = (id: string, name: string): ConnectionConfig => ({
  id,
  name,
  kind: 'proxmox',
  url: 'https://pve:8006',
  fields: {},
  tls: {},
  createdAt: '2026-01-01T00:00:00Z',
});

describe('inventoryRoots', () => {
  it('lists configured connections and offline copies of removed ones, by name, the settings naming what they configure', () => {
    const roots = inventoryRoots(
      [stored('a', 'old name', 40), stored('gone', 'Gone cluster', 12)],
      [config('a', 'Zeta lab'), config('new', 'alpha')],
      {},
      now,
    );
    expect(roots.map((root) => [root.name, root.configured, root.objectCount, root.freshness.tone])).toEqual([
      ['alpha', true, 0, 'never'],
      ['Gone cluster', false, 12, 'fresh'],
      ['Zeta lab', true, 40, 'fresh'],
    ]);
  });
});
