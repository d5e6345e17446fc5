import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ProxmoxApi } from '../api/client';
import { isRecord, readBoolean, readString } from '../api/lenient';
import { parsePropertyString } from '../api/property-string';
import { apiPaths } from '../api/paths';
import { readGuestAddresses, readNics, staticContainerAddresses } from './guest-devices';
import type { GuestDetail, GuestRef } from './map-guest';
import type { SyncNotes } from './notes';

export interface FetchedGuest {
  detail: GuestDetail;
  /** GET …/snapshot, fetched only when the config names a current snapshot (`parent`). */
  snapshots?: unknown;
}

/** qemu `agent: 1` or `agent: enabled=1,fstrim_cloned_disks=1`. */
function agentEnabled(config: Record<string, unknown>): boolean {
  const text = readString(config.agent);
  if (!text) return false;
  const parsed = parsePropertyString(text);
  return readBoolean(parsed.values.enabled ?? parsed.defaultValue) ?? false;
}

/**
 * One guest's config, then (in parallel) its snapshots when it has some, its IPs when
 * something inside can tell them (a running qemu guest agent, a running container whose
 * config does not set them statically), and
 * when asked its QEMU run state (paused or not: /cluster/resources only says "running").
 */
export async function fetchGuestDetail(
  api: ProxmoxApi,
  ref: GuestRef,
  running: boolean,
  notes: SyncNotes,
  signal: AbortSignal,
  options: { runState?: boolean } = {},
): Promise<FetchedGuest> {
  const base = apiPaths.guest(ref.node, ref.type, ref.vmid);
  const label = `${ref.type === 'qemu' ? 'VM' : 'container'} ${ref.vmid}`;
  const configData = await notes.optional(`read the configuration of ${label}`, () => api.get(`${base}/config`, undefined, signal));
  const config = isRecord(configData) ? configData : undefined;
  const detail: GuestDetail = config ? { config } : {};
  const fetched: FetchedGuest = { detail };
  const work: Promise<void>[] = [];
  if (config && readString(config.parent)) {
    work.push(
      notes
        .optional(`list the snapshots of ${label}`, () => api.get(`${base}/snapshot`, undefined, signal))
        .then((data) => {
          if (data !== undefined) fetched.snapshots = data;
        }),
    );
  }
  const configured = ref.type === 'lxc' && config ? staticContainerAddresses(readNics('lxc', config)) : undefined;
  if (configured) detail.addresses = configured;
  const addressSource =
    ref.type === 'qemu' ? (config && agentEnabled(config) ? `${base}/agent/network-get-interfaces` : undefined) : `${base}/interfaces`;
  if (running && addressSource && !configured) {
    work.push(
      guestAddresses(api, addressSource, signal).then((addresses) => {
        if (addresses) detail.addresses = addresses;
      }),
    );
  }
  if (running && ref.type === 'qemu' && options.runState) {
    work.push(
      notes
        .optional(`read the run state of ${label}`, () => api.get(`${base}/status/current`, undefined, signal))
        .then((status) => {
          const qmpStatus = isRecord(status) ? readString(status.qmpstatus) : undefined;
          if (qmpStatus) detail.qmpStatus = qmpStatus;
        }),
    );
  }
  await Promise.all(work);
  return fetched;
}

/** The agent may be missing, not yet started or hung: none of that is the sync's problem. */
async function guestAddresses(api: ProxmoxApi, path: string, signal: AbortSignal): Promise<Map<string, string[]> | undefined> {
  try {
    return readGuestAddresses(await api.get(path, undefined, signal));
  } catch (error) {
    if (signal.aborted || (error instanceof SkydeckFailure && error.code === 'cancelled')) throw error;
    return undefined;
  }
}
