import { FaultInjector, type FaultKnobs } from '../../core/simulator/faults';
import { SeededRandom } from '../../core/simulator/random';
import type { RunningSimulator, SimulatorOptions } from '../../core/simulator/running-simulator';
import { listenSimulator } from '../../core/simulator/server';
import { AccessControl } from './access';
import { apiRequestHandler } from './api/api-handler';
import type { ExchangeRecorder } from './api/recorder';
import { Router } from './api/router';
import { buildLab } from './build-lab';
import { ConsoleSessions } from './consoles/console-sessions';
import { consoleUpgradeHandler } from './consoles/websocket-upgrade';
import type { SimEnv } from './env';
import type { Lab } from './lab';
import { LoadModel } from './load-model';
import { accessRoutes } from './routes/access-routes';
import { clusterRoutes } from './routes/cluster-routes';
import { consoleRoutes } from './routes/console-routes';
import { guestRoutes } from './routes/guest-routes';
import { nodeRoutes } from './routes/node-routes';
import { taskRoutes } from './routes/task-routes';
import { TaskRunner } from './tasks';

export type { RecordedExchange, ExchangeRecorder } from './api/recorder';
export type { Lab } from './lab';

export interface ProxmoxSimulatorOptions extends SimulatorOptions {
  /** 3 for the demo lab. */
  nodes?: number;
  /** 20 for the demo lab. */
  guests?: number;
  /** PVE waits 3 s before answering a failed login; tests turn it down. */
  authFailureDelayMs?: number;
  /** PVE tickets live 2 hours. */
  ticketLifetimeSeconds?: number;
  /** How long power, snapshot, migrate and clone tasks take. */
  taskDurationMs?: number;
  faults?: Partial<FaultKnobs>;
  /** Sees every API call the simulator answers (the contract suite validates them). */
  recorder?: ExchangeRecorder;
}

/** The accounts the simulator knows; the demo connection uses root@pam. */
export interface SimulatorAccounts {
  root: { username: string; password: string; tokenId: string; tokenSecret: string };
  /** May look (VM.Audit, Datastore.Audit) but not act; no Sys.Audit, no SDN.Audit. */
  auditor: { username: string; password: string; tokenId: string; tokenSecret: string };
  /** Password plus a TOTP second factor. */
  secondFactor: { username: string; password: string; totpSecret: string };
}

/** Shifts the simulator's idea of "now" (ticket ages, uptimes, rrd) without waiting. */
export class SimClock {
  #offsetSeconds = 0;

  now = (): number => Math.floor(this.preciseNow());

  preciseNow = (): number => Date.now() / 1000 + this.#offsetSeconds;

  advance(seconds: number): void {
    this.#offsetSeconds += seconds;
  }
}

export interface ProxmoxSimulator extends RunningSimulator {
  lab: Lab;
  accounts: SimulatorAccounts;
  access: AccessControl;
  tasks: TaskRunner;
  clock: SimClock;
  certificatePem: string;
  /** Changeable while running. */
  settings: { authFailureDelayMs: number };
  /** HTTP requests received (faulted ones included) and TLS connections accepted. */
  stats: { requests: number; connections: number };
  /** Every method and API path template served (plus the vncwebsocket upgrades). */
  routes: { method: string; path: string }[];
}

const restrictedPrivileges = new Set(['VM.Audit', 'Datastore.Audit', 'Pool.Audit']);

function createAccounts(access: AccessControl, seed: number): SimulatorAccounts {
  const random = new SeededRandom(seed ^ 0xacc0);
  const secret = (): string => random.uuid();
  const accounts: SimulatorAccounts = {
    root: { username: 'root@pam', password: `lab-${secret().slice(0, 8)}`, tokenId: 'root@pam!skydeck', tokenSecret: secret() },
    auditor: { username: 'auditor@pve', password: `audit-${secret().slice(0, 8)}`, tokenId: 'auditor@pve!readonly', tokenSecret: secret() },
    secondFactor: { username: 'admin@pve', password: `admin-${secret().slice(0, 8)}`, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  };
  access.users.set('root@pam', { userid: 'root@pam', password: accounts.root.password, enabled: true, privileges: 'all' });
  access.users.set('auditor@pve', {
    userid: 'auditor@pve',
    password: accounts.auditor.password,
    enabled: true,
    privileges: restrictedPrivileges,
  });
  access.users.set('admin@pve', {
    userid: 'admin@pve',
    password: accounts.secondFactor.password,
    enabled: true,
    privileges: 'all',
    totpSecret: accounts.secondFactor.totpSecret,
  });
  access.tokens.set(accounts.root.tokenId, { tokenId: accounts.root.tokenId, secret: accounts.root.tokenSecret });
  access.tokens.set(accounts.auditor.tokenId, { tokenId: accounts.auditor.tokenId, secret: accounts.auditor.tokenSecret });
  return accounts;
}

/**
 * A Proxmox VE 9.1 cluster on 127.0.0.1 over HTTPS: the /api2/json API with tickets,
 * tokens, CSRF, permissions, tasks, rrd data and consoles (VNC and termproxy over
 * websockets), built from a seed and a size.
 */
export async function startProxmoxSimulator(options: ProxmoxSimulatorOptions = {}): Promise<ProxmoxSimulator> {
  const seed = options.seed ?? 1;
  const clock = new SimClock();
  const lab = buildLab(seed, { nodes: options.nodes ?? 3, guests: options.guests ?? 20 }, clock.now());
  const access = new AccessControl({ ticketLifetimeSeconds: options.ticketLifetimeSeconds ?? 7200, now: clock.now });
  const accounts = createAccounts(access, seed);
  const tasks = new TaskRunner(lab, { durationMs: options.taskDurationMs ?? 800, now: clock.now });
  const consoles = new ConsoleSessions(access, tasks);
  const env: SimEnv = {
    lab,
    access,
    tasks,
    load: new LoadModel(seed),
    consoles,
    now: clock.now,
    preciseNow: clock.preciseNow,
    version: { version: '9.1.2', release: '9.1', repoid: '5b3a7c91' },
  };
  const settings = { authFailureDelayMs: options.authFailureDelayMs ?? 3000 };
  const faults = new FaultInjector(options.faults, seed);
  const router = new Router().add([
    ...accessRoutes(env),
    ...clusterRoutes(env),
    ...nodeRoutes(env),
    ...guestRoutes(env),
    ...taskRoutes(env),
    ...consoleRoutes(env),
  ]);
  const delay = (): number => settings.authFailureDelayMs;
  const listenOptions = { name: 'pve1.skydeck.lab', tls: true, ...(options.port ? { port: options.port } : {}) };
  const stats = { requests: 0, connections: 0 };
  const handle = apiRequestHandler({
    router,
    access,
    faults,
    authFailureDelayMs: delay,
    ...(options.recorder ? { recorder: options.recorder } : {}),
  });
  const server = await listenSimulator((request, response) => {
    stats.requests += 1;
    return handle(request, response);
  }, listenOptions);
  server.server.on('upgrade', consoleUpgradeHandler(env, delay, options.recorder));
  server.server.on('secureConnection', () => {
    stats.connections += 1;
  });
  return {
    kind: 'proxmox',
    url: server.url,
    fingerprint256: server.fingerprint256 as string,
    certificatePem: server.certificatePem as string,
    fields: { auth: 'password', username: accounts.root.username, tokenId: accounts.root.tokenId },
    secrets: { password: accounts.root.password, tokenSecret: accounts.root.tokenSecret },
    faults,
    lab,
    accounts,
    access,
    tasks,
    clock,
    settings,
    stats,
    routes: router.list(),
    async close() {
      consoles.closeAll();
      tasks.close();
      await server.close();
    },
  };
}
