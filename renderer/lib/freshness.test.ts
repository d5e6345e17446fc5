import { describe, expect, it } from 'vitest';
import type { ConnectionLevel, ConnectionStatus } from '../../common/model/connection';
import type { ConnectionInventory } from '../../common/model/inventory-views';
import { freshness } from './freshness';

const now = Date.parse('2026-03-01T12:00:00Z');
const stored = (overrides: Partial<ConnectionInventory> = {}): ConnectionInventory => ({
  connectionId: 'vc',
  name: 'vCenter',
  platform: 'vsphere',
  level: 'fresh',
  lastSyncAt: new Date(now - 5 * 60_000).toISOString(),
  objectCount: 120,
  ...overrides,
});
const live = (level: ConnectionLevel, message = ''): ConnectionStatus => ({
  connectionId: 'vc',
  level,
  message,
  at: new Date(now).toISOString(),
});

describe('freshness', () => {
  it('reads the store alone for a connection without a live session', () => {
    expect(freshness(stored(), undefined, now)).toMatchObject({ tone: 'fresh', label: 'synced 5 min ago', stale: false });
    const old = stored({ level: 'stale', lastSyncAt: new Date(now - 3 * 3_600_000).toISOString() });
    expect(freshness(old, undefined, now)).toMatchObject({ tone: 'stale', label: 'stale · synced 3 h ago', stale: true });
    expect(freshness(undefined, undefined, now)).toMatchObject({ tone: 'never', label: 'never synced' });
  });

  it('lets the live session say live, syncing or unreachable, keeping the age of the data', () => {
    expect(freshness(stored(), live('connected'), now)).toMatchObject({ tone: 'live', label: 'live · synced 5 min ago' });
    expect(freshness(stored(), live('syncing'), now)).toMatchObject({ tone: 'syncing', label: 'syncing… · synced 5 min ago' });
    const down = freshness(
      stored({ lastSyncAt: new Date(now - 3 * 3_600_000).toISOString() }),
      live('error', 'pve1:8006 did not answer'),
      now,
    );
    expect(down).toEqual({ tone: 'unreachable', label: 'unreachable · synced 3 h ago', stale: true, detail: 'pve1:8006 did not answer' });
  });

  it('keeps saying stale while it reconnects or catches up, until a sync succeeds', () => {
    const old = stored({ level: 'stale', lastSyncAt: new Date(now - 3 * 3_600_000).toISOString() });
    expect(freshness(old, live('connecting', 'Connecting to https://vc:443…'), now)).toEqual({
      tone: 'stale',
      label: 'stale · synced 3 h ago',
      stale: true,
      detail: 'Connecting to https://vc:443…',
    });
  });

  it('explains a stale copy by the last sync error when there was one', () => {
    const failed = stored({
      level: 'stale',
      lastError: { code: 'unreachable', message: 'vc.lab:443 refused the connection.', retryable: true },
    });
    expect(freshness(failed, undefined, now).detail).toBe('The last sync failed: vc.lab:443 refused the connection.');
  });
});
