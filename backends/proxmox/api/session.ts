import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ProxmoxCredentials } from './credentials';
import { serverReason } from './failures';
import { readLoginAnswer, type LoginAnswer } from './login-answer';
import { Unauthorized, type ProxmoxTransport } from './transport';

interface Ticket {
  ticket: string;
  csrf: string;
  obtainedAt: number;
}

export interface SessionOptions {
  /** Renew a ticket once it is this old (PVE tickets live 2 hours). */
  renewAfterMs: number;
  now?: () => number;
}

/**
 * Who we are to the server: a ticket (password login, optional TOTP second factor,
 * renewed before it expires, CSRF token on writes) or a stateless API token.
 */
export class ProxmoxSession {
  readonly #transport: ProxmoxTransport;
  readonly #credentials: ProxmoxCredentials;
  readonly #options: Required<SessionOptions>;
  #ticket: Ticket | undefined;
  #pending: Promise<Ticket> | undefined;
  #tokenAccepted = false;

  constructor(transport: ProxmoxTransport, credentials: ProxmoxCredentials, options: SessionOptions) {
    this.#transport = transport;
    this.#credentials = credentials;
    this.#options = { now: Date.now, ...options };
  }

  /** user@realm, or the token id for token logins. */
  get principal(): string {
    return this.#credentials.kind === 'token' ? this.#credentials.tokenId : this.#credentials.username;
  }

  /** Password login (with the second factor when asked). Token sessions have nothing to do here. */
  async login(signal: AbortSignal): Promise<LoginAnswer | undefined> {
    if (this.#credentials.kind === 'token') return undefined;
    const { answer } = await this.#passwordLogin(this.#credentials, signal);
    return answer;
  }

  /** Headers that authenticate one call; a write by ticket also carries the CSRF token. */
  async headers(write: boolean, signal: AbortSignal): Promise<Record<string, string>> {
    if (this.#credentials.kind === 'token') {
      return { authorization: `PVEAPIToken=${this.#credentials.tokenId}=${this.#credentials.secret}` };
    }
    const ticket = await this.#currentTicket(signal);
    const headers: Record<string, string> = { cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}` };
    if (write) headers.csrfpreventiontoken = ticket.csrf;
    return headers;
  }

  /** Headers for a console websocket (the same session, no CSRF needed on GET). */
  async consoleHeaders(signal: AbortSignal): Promise<Record<string, string>> {
    return this.headers(false, signal);
  }

  noteAccepted(): void {
    if (this.#credentials.kind === 'token') this.#tokenAccepted = true;
  }

  /**
   * A call came back 401. A ticket session logs in again and says "retry"; a token
   * session cannot recover, so this throws the failure to show.
   */
  async recover(unauthorized: Unauthorized, signal: AbortSignal): Promise<void> {
    if (this.#credentials.kind === 'token') throw this.#tokenRefused(unauthorized);
    this.#ticket = undefined;
    await this.#currentTicket(signal);
  }

  async #currentTicket(signal: AbortSignal): Promise<Ticket> {
    const ticket = this.#ticket;
    if (ticket && this.#options.now() - ticket.obtainedAt < this.#options.renewAfterMs) return ticket;
    this.#pending ??= this.#obtain(ticket, signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #obtain(previous: Ticket | undefined, signal: AbortSignal): Promise<Ticket> {
    const credentials = this.#credentials as Extract<ProxmoxCredentials, { kind: 'password' }>;
    if (previous) {
      try {
        return await this.#renew(credentials.username, previous, signal);
      } catch (error) {
        if (!(error instanceof Unauthorized)) throw error;
        // The ticket expired under us (a laptop asleep for hours): log in from scratch.
      }
    }
    return (await this.#passwordLogin(credentials, signal)).ticket;
  }

  /** PVE renews a valid ticket when it is sent back as the password. */
  async #renew(username: string, previous: Ticket, signal: AbortSignal): Promise<Ticket> {
    const data = await this.#transport.send({
      method: 'POST',
      path: '/access/ticket',
      params: { username, password: previous.ticket },
      signal,
      idempotent: true,
    });
    const ticket = this.#ticketFrom(readLoginAnswer(data));
    this.#ticket = ticket;
    return ticket;
  }

  async #passwordLogin(
    credentials: Extract<ProxmoxCredentials, { kind: 'password' }>,
    signal: AbortSignal,
  ): Promise<{ ticket: Ticket; answer: LoginAnswer }> {
    const host = this.#transport.host;
    let answer: LoginAnswer;
    try {
      answer = readLoginAnswer(await this.#loginCall({ username: credentials.username, password: credentials.password }, signal));
    } catch (error) {
      if (error instanceof Unauthorized) {
        throw new SkydeckFailure(
          'auth-failed',
          `Wrong user or password for ${credentials.username} on ${host} (or the user is disabled, or the realm is wrong).`,
          {
            details: { host, username: credentials.username },
          },
        );
      }
      throw error;
    }
    if (answer.needsSecondFactor) answer = readLoginAnswer(await this.#secondFactor(credentials, answer.ticket ?? '', signal));
    const ticket = this.#ticketFrom(answer);
    this.#ticket = ticket;
    return { ticket, answer };
  }

  async #secondFactor(
    credentials: Extract<ProxmoxCredentials, { kind: 'password' }>,
    challenge: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    const host = this.#transport.host;
    if (!credentials.otp) {
      throw new SkydeckFailure(
        'auth-second-factor',
        `${credentials.username} has two-factor authentication on ${host}: enter the current code from the authenticator app (TOTP) and connect again.`,
        { details: { host, username: credentials.username } },
      );
    }
    const answer = /^[a-z]+:/.test(credentials.otp) ? credentials.otp : `totp:${credentials.otp}`;
    try {
      return await this.#loginCall({ username: credentials.username, 'tfa-challenge': challenge, password: answer }, signal);
    } catch (error) {
      if (error instanceof Unauthorized) {
        throw new SkydeckFailure(
          'auth-second-factor',
          `${host} refused the second-factor code for ${credentials.username}: it is wrong, expired or already used. Enter a fresh code.`,
          { details: { host, username: credentials.username } },
        );
      }
      throw error;
    }
  }

  #loginCall(params: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    return this.#transport.send({ method: 'POST', path: '/access/ticket', params, signal, idempotent: true });
  }

  #ticketFrom({ ticket, csrf }: LoginAnswer): Ticket {
    if (!ticket || !csrf) {
      throw new SkydeckFailure('bad-response', `${this.#transport.host} accepted the login but sent no ticket or CSRF token.`);
    }
    return { ticket, csrf, obtainedAt: this.#options.now() };
  }

  #tokenRefused(unauthorized: Unauthorized): SkydeckFailure {
    const host = this.#transport.host;
    const { message } = serverReason(unauthorized.call);
    const tokenId = this.principal;
    const details = { host, tokenId, serverMessage: message };
    if (this.#tokenAccepted) {
      return new SkydeckFailure(
        'token-expired',
        `${host} stopped accepting API token ${tokenId}: it expired or was revoked. Create a new token (Datacenter → Permissions → API Tokens) and update the connection.`,
        { details },
      );
    }
    return new SkydeckFailure(
      'auth-failed',
      `${host} refused API token ${tokenId}: the token ID or secret is wrong, or the token has expired or been deleted.`,
      { details },
    );
  }
}
