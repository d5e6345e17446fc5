import type { Lab } from './lab';

export interface SimTask {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  /** Unix seconds. */
  starttime: number;
  endtime?: number;
  type: string;
  id: string;
  user: string;
  /** Present once stopped: OK, WARNINGS: n, or the error text. */
  exitstatus?: string;
  log: string[];
}

/** Thrown by a task's work: the task ends with `TASK ERROR: <message>`. */
export class TaskFailure extends Error {}

export interface TaskWork {
  /** Log lines written while the task runs. */
  lines?: string[];
  /** Runs when the task ends; throw TaskFailure to fail it. May return extra log lines. */
  finish?: () => string[] | void;
  /** Overrides the runner's default duration. */
  durationMs?: number;
}

const hex = (value: number, width = 8): string => value.toString(16).toUpperCase().padStart(width, '0');

/**
 * Worker tasks with real-format UPIDs (`UPID:node:PID:PSTART:STARTTIME:type:id:user:`),
 * a log that ends in `TASK OK` or `TASK ERROR: …`, and their effect applied on completion.
 */
export class TaskRunner {
  readonly #lab: Lab;
  readonly #tasks = new Map<string, SimTask>();
  readonly #order: string[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #now: () => number;
  #nextPid = 0x1a2b00;
  durationMs: number;

  constructor(lab: Lab, options: { durationMs: number; now: () => number }) {
    this.#lab = lab;
    this.durationMs = options.durationMs;
    this.#now = options.now;
  }

  #create(node: string, type: string, id: string, user: string): SimTask {
    const now = this.#now();
    const bootTime = this.#lab.node(node)?.bootTime ?? now - 86400;
    const pid = (this.#nextPid += 1 + (this.#nextPid % 7));
    const pstart = Math.max(0, (now - bootTime) * 100);
    const upid = `UPID:${node}:${hex(pid)}:${hex(pstart)}:${hex(now)}:${type}:${id}:${user}:`;
    const task: SimTask = { upid, node, pid, pstart, starttime: now, type, id, user, log: [] };
    this.#tasks.set(upid, task);
    this.#order.push(upid);
    if (this.#order.length > 2000) this.#tasks.delete(this.#order.shift() as string);
    return task;
  }

  /** Starts a task that ends by itself after its duration. */
  start(node: string, type: string, id: string, user: string, work: TaskWork = {}): string {
    const task = this.#create(node, type, id, user);
    task.log.push(...(work.lines ?? []));
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      try {
        task.log.push(...(work.finish?.() ?? []));
        this.end(task.upid, 'OK');
      } catch (error) {
        if (!(error instanceof TaskFailure)) throw error;
        this.end(task.upid, error.message);
      }
    }, work.durationMs ?? this.durationMs);
    timer.unref();
    this.#timers.add(timer);
    return task.upid;
  }

  /** Starts a task that runs until `end` is called (console proxies). */
  open(node: string, type: string, id: string, user: string): string {
    return this.#create(node, type, id, user).upid;
  }

  end(upid: string, exitstatus: string): void {
    const task = this.#tasks.get(upid);
    if (!task || task.exitstatus !== undefined) return;
    task.exitstatus = exitstatus;
    task.endtime = this.#now();
    task.log.push(
      exitstatus === 'OK' ? 'TASK OK' : /^WARNINGS: \d+$/.test(exitstatus) ? `TASK ${exitstatus}` : `TASK ERROR: ${exitstatus}`,
    );
  }

  get(upid: string): SimTask | undefined {
    return this.#tasks.get(upid);
  }

  /** Newest first. */
  recent(limit = 50): SimTask[] {
    return this.#order
      .slice(-limit)
      .reverse()
      .map((upid) => this.#tasks.get(upid) as SimTask);
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
