import { randomInt } from 'node:crypto';
import type { AccessControl } from '../access';
import { ApiError } from '../api/api-error';
import type { LabGuest } from '../lab';
import type { TaskRunner } from '../tasks';

export interface ConsoleSession {
  kind: 'vnc' | 'terminal';
  port: number;
  node: string;
  guest?: LabGuest;
  /** The ACL path the ticket is bound to: /vms/<vmid> or /nodes/<node>. */
  aclPath: string;
  authId: string;
  ticket: string;
  /** The 8-character VNC password (vnc sessions). */
  password?: string;
  upid: string;
  connected: boolean;
  timer: NodeJS.Timeout;
}

/** How long a proxy waits for its client, as vncproxy and termproxy do. */
const connectWithinMs = 10_000;

const printable = '!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';

/**
 * Console proxies waiting for their websocket, one per port in 5900–5999 like on a real
 * node. Each runs as a task (`vncproxy` or `vncshell`) until its client leaves.
 */
export class ConsoleSessions {
  readonly #sessions = new Map<number, ConsoleSession>();
  readonly #access: AccessControl;
  readonly #tasks: TaskRunner;

  constructor(access: AccessControl, tasks: TaskRunner) {
    this.#access = access;
    this.#tasks = tasks;
  }

  open(kind: 'vnc' | 'terminal', node: string, guest: LabGuest | undefined, authId: string): ConsoleSession {
    let port = 5900;
    while (this.#sessions.has(port) && port <= 5999) port += 1;
    if (port > 5999) throw new ApiError(500, 'unable to find free port (5900-5999)');
    const aclPath = guest ? `/vms/${guest.vmid}` : `/nodes/${node}`;
    const ticket = this.#access.vncTicket(authId, aclPath, port);
    const taskType = guest ? 'vncproxy' : 'vncshell';
    const upid = this.#tasks.open(node, taskType, guest ? String(guest.vmid) : '', authId);
    const session: ConsoleSession = {
      kind,
      port,
      node,
      aclPath,
      authId,
      ticket,
      upid,
      connected: false,
      timer: setTimeout(() => this.close(session, 'connection timed out'), connectWithinMs),
    };
    session.timer.unref();
    if (guest) session.guest = guest;
    if (kind === 'vnc') session.password = Array.from({ length: 8 }, () => printable[randomInt(printable.length)]).join('');
    this.#sessions.set(port, session);
    return session;
  }

  /**
   * The waiting session on that port whose ticket verifies for this user and ACL path.
   * A leading 8-character VNC password (`<pw>:PVEVNC:…`) is ignored, as PVE does.
   */
  claim(port: number, ticket: string, authId: string, aclPath: string): ConsoleSession | undefined {
    const session = this.#sessions.get(port);
    if (!session || session.connected || session.aclPath !== aclPath) return undefined;
    const bare = /^.{8}:PVEVNC:/s.test(ticket) ? ticket.slice(9) : ticket;
    if (!this.#access.verifyVncTicket(bare, authId, aclPath, port)) return undefined;
    session.connected = true;
    clearTimeout(session.timer);
    return session;
  }

  /** Checks a termproxy first line against the session's own ticket. */
  verifyTerminalLogin(session: ConsoleSession, user: string, ticket: string): boolean {
    return user === session.authId && this.#access.verifyVncTicket(ticket, user, session.aclPath, session.port);
  }

  close(session: ConsoleSession, exitstatus = 'OK'): void {
    clearTimeout(session.timer);
    if (this.#sessions.get(session.port) === session) this.#sessions.delete(session.port);
    this.#tasks.end(session.upid, exitstatus);
  }

  closeAll(): void {
    for (const session of [...this.#sessions.values()]) this.close(session);
  }
}
