import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SeededRandom } from '../../core/simulator/random';
import { SimHttpError, type SimRequest } from './http';
import type { SimCloud, SimRole, SimToken } from './state';

export interface SimulatorBehaviour {
  /** Lifetime of the tokens Keystone issues. */
  tokenLifetimeMs: number;
  /** How long a server or volume takes to reach its next state. */
  transitionMs: number;
  /** Nova's [serial_console] enabled. */
  serialConsole: boolean;
  /** Every service refuses every token, as with a service whose Keystone settings are wrong. */
  rejectTokens: boolean;
}

/** Who called, from a valid token. */
export interface Caller {
  token: SimToken;
  userId: string;
  userName: string;
  projectId: string;
  roles: SimRole[];
  isAdmin: boolean;
}

export interface SimulatorStats {
  /** Tokens issued by POST /v3/auth/tokens. */
  logins: number;
  requests: number;
  /** Requests answered 401 because the token was unknown or expired. */
  rejectedTokens: number;
}

/** The simulated cloud plus what its services share: clock, ids, timers, tokens. */
export class SimWorld {
  readonly cloud: SimCloud;
  readonly random: SeededRandom;
  readonly behaviour: SimulatorBehaviour;
  readonly stats: SimulatorStats = { logins: 0, requests: 0, rejectedTokens: 0 };
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(cloud: SimCloud, random: SeededRandom, behaviour: SimulatorBehaviour) {
    this.cloud = cloud;
    this.random = random;
    this.behaviour = behaviour;
  }

  uuid(): string {
    return this.random.uuid();
  }

  /** A secret nobody can guess (tokens, credential secrets): not from the seed. */
  secret(): string {
    return randomBytes(24).toString('base64url');
  }

  /** Runs a state change after the configured transition time (or `ms`). */
  later(change: () => void, ms = this.behaviour.transitionMs): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) change();
    }, ms);
    this.#timers.add(timer);
  }

  /** The caller behind the request's token, or a 401 as keystonemiddleware would send. */
  caller(request: SimRequest, tokenHeader = 'x-auth-token'): Caller {
    const id = request.headers[tokenHeader];
    const token = typeof id === 'string' ? this.cloud.tokens.get(id) : undefined;
    if (!token || token.expiresAt <= Date.now() || !token.projectId || this.behaviour.rejectTokens) {
      this.stats.rejectedTokens += 1;
      throw new SimHttpError(401, 'The request you have made requires authentication.');
    }
    const user = this.cloud.users.get(token.userId);
    return {
      token,
      userId: token.userId,
      userName: user?.name ?? token.userId,
      projectId: token.projectId,
      roles: token.roles,
      isAdmin: token.roles.includes('admin'),
    };
  }

  /** Makes every token issued so far invalid, as a Keystone key rotation would. */
  revokeTokens(): void {
    this.cloud.tokens.clear();
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

export type ServiceHandler = (request: SimRequest, response: ServerResponse) => Promise<void>;
