import type { ObjectState } from '../../../common/model/inventory';

/** Nova server status → common state. Transitional statuses keep the state the guest is in. */
const serverStates: Record<string, ObjectState> = {
  ACTIVE: 'running',
  REBOOT: 'running',
  HARD_REBOOT: 'running',
  PASSWORD: 'running',
  REBUILD: 'running',
  MIGRATING: 'running',
  RESIZE: 'running',
  VERIFY_RESIZE: 'running',
  REVERT_RESIZE: 'running',
  RESCUE: 'running',
  SHUTOFF: 'stopped',
  SHELVED: 'stopped',
  SHELVED_OFFLOADED: 'stopped',
  SOFT_DELETED: 'stopped',
  DELETED: 'stopped',
  PAUSED: 'paused',
  SUSPENDED: 'suspended',
  ERROR: 'error',
};

export const serverState = (status: unknown): ObjectState => serverStates[String(status ?? '').toUpperCase()] ?? 'unknown';

/** Neutron's status field, with admin_state_up=false meaning the resource is switched off. */
export function neutronState(status: unknown, adminStateUp: unknown): ObjectState {
  if (adminStateUp === false) return 'offline';
  switch (String(status ?? '').toUpperCase()) {
    case 'ACTIVE':
      return 'online';
    case 'DOWN':
      return 'offline';
    case 'ERROR':
      return 'error';
    default:
      return 'unknown';
  }
}

/** Nova hypervisor: state up/down, status enabled/disabled. */
export function hypervisorState(state: unknown, status: unknown): ObjectState {
  if (state === 'down') return 'offline';
  if (status === 'disabled') return 'maintenance';
  return state === 'up' ? 'online' : 'unknown';
}

export function imageState(status: unknown): ObjectState {
  switch (status) {
    case 'active':
      return 'available';
    case 'killed':
      return 'error';
    case 'deactivated':
      return 'offline';
    default:
      return 'unknown';
  }
}

/** Cinder volume and snapshot statuses. */
export function volumeState(status: unknown): ObjectState {
  const value = String(status ?? '');
  if (value === 'available') return 'available';
  if (value === 'in-use') return 'online';
  if (value === 'maintenance') return 'maintenance';
  if (value.startsWith('error')) return 'error';
  return 'unknown';
}
