/**
 * A Proxmox task id: `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:`
 * (pid, pstart and starttime in hex; see pve-common's UPID.pm).
 */
export interface Upid {
  node: string;
  pid: number;
  pstart: number;
  /** Unix seconds. */
  startTime: number;
  type: string;
  id: string;
  user: string;
}

const upidPattern =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export function parseUpid(text: string): Upid | undefined {
  const match = upidPattern.exec(text);
  if (!match) return undefined;
  const [, node, pid, pstart, startTime, type, id, user] = match as unknown as string[];
  return {
    node: node as string,
    pid: parseInt(pid as string, 16),
    pstart: parseInt(pstart as string, 16),
    startTime: parseInt(startTime as string, 16),
    type: type as string,
    id: id as string,
    user: user as string,
  };
}
