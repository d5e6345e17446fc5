import type { ConnectionSecrets } from '../../../common/model/connection';
import type { InventoryDelta, InventoryObject } from '../../../common/model/inventory';
import type { ProviderContext } from '../../core/provider';
import { ProxmoxProvider, type ProxmoxProviderOptions } from '../provider';
import type { ProxmoxSimulator } from '../simulator/index';

export const connectionId = 'lab';

/** A connection to the simulator as the app would configure it (fingerprint pinned). */
export function labContext(
  simulator: ProxmoxSimulator,
  fields: Record<string, string> = {},
  secrets: ConnectionSecrets = {},
): ProviderContext {
  return {
    config: {
      id: connectionId,
      name: 'Proxmox lab',
      kind: 'proxmox',
      url: simulator.url,
      fields: { ...simulator.fields, ...fields },
      tls: { pinnedFingerprint: simulator.fingerprint256 as string },
      createdAt: new Date(0).toISOString(),
    },
    secrets: { ...simulator.secrets, ...secrets },
  };
}

/** Fast polls and short waits: the simulator answers in milliseconds. */
export const quickOptions: ProxmoxProviderOptions = { pollIntervalMs: 50, taskPollMs: 20, rateWindowMs: 300, retryDelayMs: 10 };

export function labProvider(
  simulator: ProxmoxSimulator,
  options: ProxmoxProviderOptions = {},
  fields?: Record<string, string>,
  secrets?: ConnectionSecrets,
): ProxmoxProvider {
  return new ProxmoxProvider(labContext(simulator, fields, secrets), { ...quickOptions, ...options });
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** The objects of a delta list, by id. */
export function objectsOf(deltas: readonly InventoryDelta[]): Map<string, InventoryObject> {
  const objects = new Map<string, InventoryObject>();
  for (const delta of deltas) if (delta.op === 'upsert') for (const object of delta.objects) objects.set(object.id, object);
  return objects;
}

/** Deltas until (and including) the first commit, or until the stream fails. */
export async function untilCommit(stream: AsyncIterator<InventoryDelta>): Promise<InventoryDelta[]> {
  const deltas: InventoryDelta[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return deltas;
    deltas.push(next.value);
    if (next.value.op === 'commit') return deltas;
  }
}

export const never = new AbortController().signal;
