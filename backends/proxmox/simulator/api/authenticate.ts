import type { IncomingHttpHeaders } from 'node:http';
import type { AccessControl, Principal } from '../access';

export type Authentication = { principal: Principal; byTicket: boolean } | { refused: string };

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function unescape(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * PVE's order: the PVEAuthCookie cookie, then a PVEAuthCookie value in Authorization,
 * and only then a `PVEAPIToken=user@realm!name=secret` Authorization header.
 */
export function authenticate(headers: IncomingHttpHeaders, access: AccessControl): Authentication {
  const authorization = headers.authorization ?? '';
  const ticket = cookieValue(headers.cookie, 'PVEAuthCookie') ?? cookieValue(authorization, 'PVEAuthCookie');
  if (ticket !== undefined) {
    const userid = access.verifyTicket(unescape(ticket));
    return userid ? { principal: { authId: userid, userid, token: false }, byTicket: true } : { refused: 'Authentication failed!' };
  }
  const token = /PVEAPIToken[= ]([^;]*)/.exec(authorization)?.[1];
  if (token !== undefined) {
    const principal = access.verifyToken(unescape(token.trim()));
    return principal ? { principal, byTicket: false } : { refused: 'Authentication failed!' };
  }
  return { refused: 'No ticket' };
}
