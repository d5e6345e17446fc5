import { isRecord, readBoolean, readString } from './lenient';

/** POST /access/ticket's answer, read. */
export interface LoginAnswer {
  username?: string;
  ticket?: string;
  csrf?: string;
  /** The password was right, the server now wants a second factor for this half ticket. */
  needsSecondFactor: boolean;
  clusterName?: string;
  /** Privileges per area (vms, storage, nodes, dc, sdn …) as PVE computed them. */
  capabilities?: Record<string, Record<string, unknown>>;
}

export function readLoginAnswer(data: unknown): LoginAnswer {
  const record = isRecord(data) ? data : {};
  const answer: LoginAnswer = { needsSecondFactor: readBoolean(record.NeedTFA) ?? false };
  const username = readString(record.username);
  if (username) answer.username = username;
  const ticket = readString(record.ticket);
  if (ticket) answer.ticket = ticket;
  const csrf = readString(record.CSRFPreventionToken);
  if (csrf) answer.csrf = csrf;
  const clusterName = readString(record.clustername);
  if (clusterName) answer.clusterName = clusterName;
  if (isRecord(record.cap)) answer.capabilities = record.cap as Record<string, Record<string, unknown>>;
  return answer;
}
