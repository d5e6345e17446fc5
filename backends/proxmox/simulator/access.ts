import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { verifyTotp } from './totp';

export interface SimUser {
  userid: string;
  password: string;
  enabled: boolean;
  /** Base32 TOTP secret: the user must answer a second factor. */
  totpSecret?: string;
  /** Privileges on every path, or all of them. */
  privileges: ReadonlySet<string> | 'all';
}

export interface SimToken {
  /** user@realm!name */
  tokenId: string;
  secret: string;
  /** Unix seconds; absent: never expires. */
  expire?: number;
}

/** Who is calling, once authenticated. */
export interface Principal {
  /** user@realm, or user@realm!token for token calls. */
  authId: string;
  userid: string;
  token: boolean;
}

export interface AccessOptions {
  ticketLifetimeSeconds: number;
  now: () => number;
}

const hex8 = (seconds: number): string => seconds.toString(16).toUpperCase().padStart(8, '0');

/**
 * Users, tokens and tickets the way pve-access-control shapes them:
 * `PVE:<user>:<HEX time>::<signature>` tickets (signed with an HMAC here instead of RSA),
 * `<HEX time>:<signature>` CSRF tokens bound to the user, `PVEVNC:` console tickets
 * valid from 20 s before to 40 s after their creation.
 */
export class AccessControl {
  readonly users = new Map<string, SimUser>();
  readonly tokens = new Map<string, SimToken>();
  readonly #key = randomBytes(32);
  readonly #options: AccessOptions;

  constructor(options: AccessOptions) {
    this.#options = options;
  }

  set ticketLifetimeSeconds(seconds: number) {
    this.#options.ticketLifetimeSeconds = seconds;
  }

  #sign(data: string, aad = ''): string {
    return createHmac('sha256', this.#key).update(`${data}\0${aad}`).digest('base64');
  }

  /** `<prefix>:[<data>:]<HEX time>::<signature>` */
  #assemble(prefix: string, data: string | undefined, aad = ''): string {
    const plain = `${prefix}:${data === undefined ? '' : `${data}:`}${hex8(this.#options.now())}`;
    return `${plain}::${this.#sign(plain, aad)}`;
  }

  /** The data part and age of a ticket with a valid signature, else undefined. */
  #open(prefix: string, ticket: string, aad = ''): { data: string; age: number } | undefined {
    const split = ticket.lastIndexOf('::');
    if (split < 0 || !ticket.startsWith(`${prefix}:`)) return undefined;
    const plain = ticket.slice(0, split);
    const signature = Buffer.from(ticket.slice(split + 2));
    const expected = Buffer.from(this.#sign(plain, aad));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
    const lastColon = plain.lastIndexOf(':');
    const time = parseInt(plain.slice(lastColon + 1), 16);
    if (!Number.isFinite(time)) return undefined;
    return { data: lastColon > prefix.length ? plain.slice(prefix.length + 1, lastColon) : '', age: this.#options.now() - time };
  }

  /** password check: `ok`, `second-factor` (TOTP users), or `refused`. */
  checkPassword(userid: string, password: string): 'ok' | 'second-factor' | 'refused' {
    const user = this.users.get(userid);
    if (!user || !user.enabled || user.password !== password) return 'refused';
    return user.totpSecret ? 'second-factor' : 'ok';
  }

  checkSecondFactor(userid: string, answer: string): boolean {
    const secret = this.users.get(userid)?.totpSecret;
    const code = /^totp:(\d{6})$/.exec(answer)?.[1];
    return Boolean(secret && code && verifyTotp(secret, code, this.#options.now()));
  }

  ticket(userid: string): string {
    return this.#assemble('PVE', userid);
  }

  /** A half ticket that only proves the password, bound to the user (PVE: `!tfa!<challenge>`). */
  secondFactorTicket(userid: string): string {
    return this.#assemble('PVE', `!tfa!${encodeURIComponent(JSON.stringify({ totp: true }))}`, userid);
  }

  /** The user of a valid, unexpired full ticket. */
  verifyTicket(ticket: string): string | undefined {
    const opened = this.#open('PVE', ticket);
    if (!opened || opened.data.startsWith('!tfa!')) return undefined;
    if (opened.age < -300 || opened.age > this.#options.ticketLifetimeSeconds) return undefined;
    const user = this.users.get(opened.data);
    return user?.enabled ? opened.data : undefined;
  }

  verifySecondFactorTicket(ticket: string, userid: string): boolean {
    const opened = this.#open('PVE', ticket, userid);
    return Boolean(opened && opened.data.startsWith('!tfa!') && opened.age >= -300 && opened.age <= 120);
  }

  csrfToken(userid: string): string {
    const time = hex8(this.#options.now());
    return `${time}:${this.#sign(time, userid)}`;
  }

  verifyCsrf(userid: string, token: string | undefined): boolean {
    if (!token) return false;
    const [time, signature] = token.split(':');
    if (!time || !signature || signature !== this.#sign(time, userid)) return false;
    const age = this.#options.now() - parseInt(time, 16);
    return age >= -300 && age <= this.#options.ticketLifetimeSeconds;
  }

  /** `user@realm!name=secret`, as sent after `PVEAPIToken=`. Undefined when refused. */
  verifyToken(value: string): Principal | undefined {
    const match = /^(.*)=(.*)$/.exec(value);
    if (!match) return undefined;
    const [, tokenId, secret] = match as unknown as [string, string, string];
    const token = this.tokens.get(tokenId);
    const userid = tokenId.split('!')[0] as string;
    if (!token || token.secret !== secret || !this.users.get(userid)?.enabled) return undefined;
    if (token.expire !== undefined && token.expire < this.#options.now()) return undefined;
    return { authId: tokenId, userid, token: true };
  }

  /** A token's privileges never exceed its user's; here they are the user's. */
  can(principal: Principal, privilege: string): boolean {
    const privileges = this.users.get(principal.userid)?.privileges;
    return privileges === 'all' || Boolean(privileges?.has(privilege));
  }

  vncTicket(authId: string, path: string, port: number): string {
    return this.#assemble('PVEVNC', undefined, `${authId}:${path}:${port}`);
  }

  /** Valid from 20 s before to 40 s after creation, for that user, ACL path and port. */
  verifyVncTicket(ticket: string, authId: string, path: string, port: number): boolean {
    const opened = this.#open('PVEVNC', ticket, `${authId}:${path}:${port}`);
    return Boolean(opened && opened.age >= -20 && opened.age <= 40);
  }
}
