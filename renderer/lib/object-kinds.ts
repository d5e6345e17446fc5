import type { ObjectKind, ObjectState } from '../../common/model/inventory';

/** What each kind is called, one and many. */
export const kindNames: Record<ObjectKind, { one: string; many: string }> = {
  site: { one: 'Site', many: 'Sites' },
  cluster: { one: 'Cluster', many: 'Clusters' },
  host: { one: 'Host', many: 'Hosts' },
  vm: { one: 'VM', many: 'VMs' },
  template: { one: 'Template', many: 'Templates' },
  storage: { one: 'Storage', many: 'Storage' },
  network: { one: 'Network', many: 'Networks' },
  snapshot: { one: 'Snapshot', many: 'Snapshots' },
  tenant: { one: 'Tenant', many: 'Tenants' },
};

export type StateTone = 'ok' | 'off' | 'warn' | 'bad' | 'unknown';

/** How a state reads at a glance: green for working, grey for off, amber for paused, red for trouble. */
export const stateTones: Record<ObjectState, StateTone> = {
  running: 'ok',
  online: 'ok',
  available: 'ok',
  stopped: 'off',
  offline: 'off',
  suspended: 'warn',
  paused: 'warn',
  maintenance: 'warn',
  degraded: 'bad',
  error: 'bad',
  unknown: 'unknown',
};
