import type { FaultKnobs } from '../../core/simulator/faults';
import { FaultInjector } from '../../core/simulator/faults';
import type { RunningSimulator, SimulatorOptions } from '../../core/simulator/running-simulator';
import { listenSimulator } from '../../core/simulator/server';
import { dispatch } from './dispatch';
import { buildLab } from './lab/build-lab';
import { benchmarkLab, demoLab, type LabSize } from './lab/lab-size';
import type { SimInventory } from './model/inventory-model';
import { SimState, type SimKnobs } from './sim-state';

export { benchmarkLab, demoLab, hostileVmName, type LabSize } from './lab/lab-size';
export type { SimKnobs } from './sim-state';

export interface VsphereSimulatorOptions extends SimulatorOptions {
  /** 'demo' (default), 'benchmark' (40,000 VMs), or the demo lab with some sizes changed. */
  size?: 'demo' | 'benchmark' | Partial<LabSize>;
  credentials?: { username: string; password: string };
  knobs?: Partial<SimKnobs>;
  faults?: Partial<FaultKnobs>;
}

/** Test and benchmark handles on a running vSphere simulator. */
export interface VsphereSimulatorControl {
  readonly knobs: SimKnobs;
  readonly inventory: SimInventory;
  /** Forgets every session: the next call of every client gets NotAuthenticated. */
  expireSessions(): void;
  /** Answers the next `times` calls of `method` ('*' for any) with a fault of this vim25 type. NotAuthenticated also ends the caller's session. */
  failNext(method: string, faultType: string, times?: number): void;
  /** Makes every collector version given out so far stale (InvalidCollectorVersion). */
  forgetChangeHistory(): void;
  sessionCount(): number;
  /** How often a method was called since the start. */
  callCount(method: string): number;
}

export interface VsphereSimulator extends RunningSimulator {
  control: VsphereSimulatorControl;
}

export const defaultKnobs: SimKnobs = {
  pageSize: 100,
  taskDurationMs: 300,
  webmks: false,
  guestReboot: true,
  historicalStatistics: true,
};

function labSize(size: VsphereSimulatorOptions['size']): LabSize {
  if (size === 'benchmark') return benchmarkLab;
  if (size === undefined || size === 'demo') return demoLab;
  return { ...demoLab, ...size };
}

/** Starts a vCenter simulator (vim25 SOAP over HTTPS on 127.0.0.1) with a seeded, sized lab. */
export async function startVsphereSimulator(options: VsphereSimulatorOptions = {}): Promise<VsphereSimulator> {
  const credentials = options.credentials ?? { username: 'administrator@vsphere.local', password: 'Skydeck-Demo-1!' };
  const state = new SimState(buildLab(labSize(options.size), options.seed ?? 1), credentials, { ...defaultKnobs, ...options.knobs });
  const faults = new FaultInjector(options.faults, options.seed ?? 1);
  const server = await listenSimulator((request, response) => dispatch(state, faults, request, response), {
    name: 'vcenter.skydeck.lab',
    tls: true,
    ...(options.port ? { port: options.port } : {}),
  });
  state.publicUrl = new URL(server.url);
  const simulator: VsphereSimulator = {
    kind: 'vsphere',
    url: server.url,
    fields: { username: credentials.username },
    secrets: { password: credentials.password },
    faults,
    close: async () => {
      for (const key of [...state.sessions.keys()]) state.endSession(key);
      await server.close();
    },
    control: {
      knobs: state.knobs,
      inventory: state.inventory,
      expireSessions: () => {
        for (const key of [...state.sessions.keys()]) state.endSession(key);
      },
      failNext: (method, faultType, times = 1) => {
        state.queuedFaults.push({ method, faultType, remaining: times });
      },
      forgetChangeHistory: () => state.inventory.changes.forget(),
      sessionCount: () => state.sessions.size,
      callCount: (method) => state.calls.get(method) ?? 0,
    },
  };
  if (server.fingerprint256) simulator.fingerprint256 = server.fingerprint256;
  return simulator;
}
