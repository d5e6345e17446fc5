import type { PlatformKind } from '../../../common/model/platform';
import type { FaultInjector } from './faults';

/**
 * A simulator started in-process: what a connection needs to reach it, and its knobs.
 * The demo lab, the tests and the benchmarks all start simulators through this shape.
 */
export interface RunningSimulator {
  kind: PlatformKind;
  /** The URL a Skydeck connection uses (e.g. "https://127.0.0.1:40123" or a Keystone auth URL). */
  url: string;
  /** SHA-256 fingerprint of its self-signed certificate, when served over HTTPS. */
  fingerprint256?: string;
  /** Non-secret connection fields (see common/model/connection-forms.ts). */
  fields: Record<string, string>;
  /** Secret connection fields (password, token secret …). */
  secrets: Record<string, string>;
  faults: FaultInjector;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  seed?: number;
  /** 127.0.0.1 only; 0 or absent picks a free port. */
  port?: number;
}
