import type { AccessControl } from './access';
import { ApiError, notFoundConfig } from './api/api-error';
import type { ConsoleSessions } from './consoles/console-sessions';
import type { GuestType, Lab, LabGuest, LabNode } from './lab';
import type { LoadModel } from './load-model';
import type { TaskRunner } from './tasks';

/** What every route of the simulator works with. */
export interface SimEnv {
  lab: Lab;
  access: AccessControl;
  tasks: TaskRunner;
  load: LoadModel;
  consoles: ConsoleSessions;
  /** Unix seconds. */
  now(): number;
  /** Unix seconds with a fraction: byte counters move between two samples within a second. */
  preciseNow(): number;
  version: { version: string; release: string; repoid: string };
}

/** A node the API can reach: unknown names fail the DNS lookup, offline nodes do not answer. */
export function reachableNode(env: SimEnv, name: string): LabNode {
  const node = env.lab.node(name);
  if (!node)
    throw new ApiError(500, `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
  if (!node.online) throw new ApiError(595, `Connection refused`);
  return node;
}

export function guestAt(env: SimEnv, path: Record<string, string>, type: GuestType): LabGuest {
  const node = reachableNode(env, path.node as string);
  const vmid = Number(path.vmid);
  const guest = env.lab.guestAt(node.name, type, vmid);
  if (!guest) throw notFoundConfig(node.name, type, path.vmid as string);
  return guest;
}
