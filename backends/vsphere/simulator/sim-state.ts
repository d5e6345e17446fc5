import { randomUUID } from 'node:crypto';
import type { MoRef } from '../soap/xml-node';
import type { SimInventory } from './model/inventory-model';
import type { SimTask } from './handlers/tasks';

/** A property collector's filter: what it selects, and which objects it has reported so far. */
export interface SimFilter {
  ref: MoRef;
  /** The request's PropertyFilterSpec, kept as parsed XML and resolved anew at every wait. */
  propSets: { type: string; all: boolean; paths: string[] }[];
  objectSets: { obj: MoRef; skip: boolean; viaView: boolean }[];
  reported: Set<string>;
}

export interface SimCollector {
  ref: MoRef;
  filters: Map<string, SimFilter>;
  /** The rest of a truncated update set, served by the next WaitForUpdatesEx. */
  pending?: { version: string; finalVersion: number; updates: PendingUpdate[]; part: number };
  cancelWait?: () => void;
}

export interface PendingUpdate {
  filter: MoRef;
  kind: 'enter' | 'modify' | 'leave';
  ref: MoRef;
  paths?: readonly string[];
}

export interface SimSession {
  key: string;
  userName: string;
  loginTime: Date;
  lastActive: Date;
  views: Map<string, { ref: MoRef; container: MoRef; types: string[]; recursive: boolean }>;
  collectors: Map<string, SimCollector>;
  /** Paging tokens of RetrievePropertiesEx: the objects still to send, what to send of them, and how many per page. */
  retrievals: Map<string, { refs: MoRef[]; paths: Map<string, string[] | 'all'>; pageSize: number }>;
  /** Aborted when the session ends (logout, terminate, expiry): pending waits stop. */
  ended: AbortController;
}

export interface SimKnobs {
  /** Objects per RetrievePropertiesEx page (0: everything at once, as vcsim does). */
  pageSize: number;
  /** How long a task runs before it ends. */
  taskDurationMs: number;
  /** Whether VMs hand out WebMKS tickets (vcsim does not). */
  webmks: boolean;
  /** Whether the guest can be rebooted through VMware Tools (vcsim does not implement it). */
  guestReboot: boolean;
  /** Whether the performance manager keeps the day/week/month/year intervals (vcsim keeps none). */
  historicalStatistics: boolean;
}

/** Faults queued by tests for the next calls of a method. */
export interface QueuedFault {
  method: string;
  faultType: string;
  remaining: number;
}

export class SimState {
  readonly inventory: SimInventory;
  readonly credentials: { username: string; password: string };
  readonly knobs: SimKnobs;
  readonly sessions = new Map<string, SimSession>();
  readonly tasks = new Map<string, SimTask>();
  readonly queuedFaults: QueuedFault[] = [];
  readonly instanceUuid = randomUUID();
  /** Calls answered, per method (for tests and benchmarks). */
  readonly calls = new Map<string, number>();
  /** Where the simulator listens (known once it does): tickets point there. */
  publicUrl: URL | undefined;
  #nextAddress = 0;

  constructor(inventory: SimInventory, credentials: { username: string; password: string }, knobs: SimKnobs) {
    this.inventory = inventory;
    this.credentials = credentials;
    this.knobs = knobs;
  }

  newSession(userName: string): SimSession {
    const now = new Date();
    const session: SimSession = {
      key: randomUUID(),
      userName,
      loginTime: now,
      lastActive: now,
      views: new Map(),
      collectors: new Map(),
      retrievals: new Map(),
      ended: new AbortController(),
    };
    this.sessions.set(session.key, session);
    return session;
  }

  /** Ends a session: its views, collectors and paging tokens go with it; its waits end. */
  endSession(key: string): boolean {
    const session = this.sessions.get(key);
    if (!session) return false;
    this.sessions.delete(key);
    session.ended.abort();
    return true;
  }

  /** A reference to an object that lives in a session (views, collectors, filters), as vCenter spells them. */
  sessionRef(session: SimSession, type: string): MoRef {
    return { type, value: `session[${session.key}]${randomUUID()}` };
  }

  /** A fresh guest address for VMs created at run time (clones). */
  nextGuestAddress(): string {
    this.#nextAddress += 1;
    return `10.99.${Math.floor(this.#nextAddress / 250) % 250}.${(this.#nextAddress % 250) + 1}`;
  }

  /** Takes a queued fault for this method, if a test asked for one. */
  takeQueuedFault(method: string): string | undefined {
    const index = this.queuedFaults.findIndex((f) => f.method === method || f.method === '*');
    const queued = this.queuedFaults[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queuedFaults.splice(index, 1);
    return queued.faultType;
  }
}
