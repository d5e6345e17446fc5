import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../concurrency';
import { SeededRandom } from './random';

/**
 * Fault knobs every simulator shares. Rates are probabilities per request (0..1).
 * They can be changed while the simulator runs (tests flip them mid-sync).
 */
export interface FaultKnobs {
  latencyMs: number;
  /** The socket is destroyed without an answer. */
  dropRate: number;
  /** A 5xx answer with a short text body. */
  serverErrorRate: number;
  /** A 200 answer whose body is not what the protocol promises. */
  garbageRate: number;
}

export const noFaults = (): FaultKnobs => ({ latencyMs: 0, dropRate: 0, serverErrorRate: 0, garbageRate: 0 });

export class FaultInjector {
  readonly knobs: FaultKnobs;
  readonly #random: SeededRandom;

  constructor(knobs: Partial<FaultKnobs> = {}, seed = 1) {
    this.knobs = { ...noFaults(), ...knobs };
    this.#random = new SeededRandom(seed ^ 0x5eed);
  }

  set(knobs: Partial<FaultKnobs>): void {
    Object.assign(this.knobs, knobs);
  }

  /** Applies latency, then maybe a fault. True when the request was answered (or dropped) here. */
  async intercept(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (this.knobs.latencyMs > 0) await sleep(this.knobs.latencyMs);
    if (this.#random.chance(this.knobs.dropRate)) {
      request.socket.destroy();
      return true;
    }
    if (this.#random.chance(this.knobs.serverErrorRate)) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('simulated server error');
      return true;
    }
    if (this.#random.chance(this.knobs.garbageRate)) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('<html>proxy error: \u0000\u00ff garbage');
      return true;
    }
    return false;
  }
}
